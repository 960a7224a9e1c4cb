DROP TRIGGER partner_tiers_change_epoch ON partner_tiers;
