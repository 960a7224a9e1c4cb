ALTER TABLE users DROP COLUMN email_notifications;
DROP INDEX notifications_email_due_idx;
ALTER TABLE notifications
    DROP COLUMN email_error,
    DROP COLUMN emailed_at,
    DROP COLUMN email_attempts,
    DROP COLUMN email_claimed_at,
    DROP COLUMN email_wanted;
