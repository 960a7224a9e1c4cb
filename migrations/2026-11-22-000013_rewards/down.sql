DROP TABLE tier_promotions;
DROP TABLE points_entries;
DROP FUNCTION points_entries_append_only();
DROP TABLE achievements;
ALTER TABLE goals DROP COLUMN bonus_schedule_id;
DROP TABLE bonus_tiers;
DROP TABLE bonus_schedules;
