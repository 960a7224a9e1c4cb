ALTER TABLE notifications DROP CONSTRAINT notifications_params_object;
ALTER TABLE notifications ADD COLUMN title TEXT NOT NULL DEFAULT '', ADD COLUMN body TEXT NOT NULL DEFAULT '';
UPDATE notifications SET title = coalesce(params ->> 'title', kind), body = coalesce(params ->> 'body', '');
ALTER TABLE notifications DROP COLUMN params;
