-- Notifications keep what happened (kind + parameters), not English
-- sentences: each is worded in its reader's language when shown or emailed.
ALTER TABLE notifications ADD COLUMN params JSONB NOT NULL DEFAULT '{}'::jsonb;

-- Achievements: which one, and the points it added.
UPDATE notifications n
SET params = jsonb_build_object('achievement_id', a.id, 'points', a.points)
FROM achievements a
WHERE n.kind = 'achievement' AND a.user_id = n.user_id
  AND n.title = 'Achievement: ' || a.title;

-- Deadline reminders: the month and which reminder.
UPDATE notifications n
SET params = jsonb_build_object('year', r.year, 'month', r.month, 'reminder', r.kind)
FROM goal_reminders r
WHERE r.notification_id = n.id;

-- Anything whose facts are gone keeps the words it was stored with.
UPDATE notifications
SET kind = 'message', params = jsonb_build_object('title', title, 'body', body)
WHERE params = '{}'::jsonb;

ALTER TABLE notifications DROP COLUMN title, DROP COLUMN body;
ALTER TABLE notifications ADD CONSTRAINT notifications_params_object
    CHECK (jsonb_typeof(params) = 'object');
