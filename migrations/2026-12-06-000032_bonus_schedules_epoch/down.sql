DROP TRIGGER bonus_tiers_change_epoch ON bonus_tiers;
DROP TRIGGER bonus_schedules_change_epoch ON bonus_schedules;
