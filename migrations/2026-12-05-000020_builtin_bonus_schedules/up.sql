-- The two schedules every organisation starts with are built in: while
-- their name and description are still the seeded English, pages word
-- them in the reader's language. An admin's own words are shown as typed.
ALTER TABLE bonus_schedules ADD COLUMN builtin TEXT
    CONSTRAINT bonus_schedules_builtin_check
    CHECK (builtin IN ('standard_attainment', 'signup_ladder'));
CREATE UNIQUE INDEX bonus_schedules_builtin_key ON bonus_schedules (builtin);

UPDATE bonus_schedules SET builtin = 'standard_attainment'
WHERE id = (SELECT min(id) FROM bonus_schedules WHERE basis = 'attainment' AND name = 'Standard attainment');
UPDATE bonus_schedules SET builtin = 'signup_ladder'
WHERE id = (SELECT min(id) FROM bonus_schedules WHERE basis = 'metric_value' AND name = 'Signup ladder');
