ALTER TABLE bonus_schedules DROP COLUMN builtin;
