-- Email delivery of in-app notifications when SMTP is configured. The
-- notification row is its own outbox: the writer marks the kinds that go
-- out this way (`email_wanted`: achievements), a courier in each server
-- instance claims due rows (FOR UPDATE SKIP LOCKED, so two instances never
-- send the same one), sends one email per person and marks them sent.
-- Goal reminders keep their own delivery (goal_reminders.emailed_at).
ALTER TABLE notifications
    ADD COLUMN email_wanted BOOLEAN NOT NULL DEFAULT false,
    -- Set while a courier is sending; a claim older than ten minutes
    -- (the instance died mid-send) is taken again.
    ADD COLUMN email_claimed_at TIMESTAMPTZ,
    ADD COLUMN email_attempts SMALLINT NOT NULL DEFAULT 0 CHECK (email_attempts >= 0),
    ADD COLUMN emailed_at TIMESTAMPTZ,
    -- The last failure, or why the email was given up.
    ADD COLUMN email_error TEXT;

-- The courier's look-up: only notifications still waiting for their email.
CREATE INDEX notifications_email_due_idx ON notifications (id)
    WHERE email_wanted AND emailed_at IS NULL;

-- Each person may turn the notification emails off (account page); the
-- in-app notifications stay.
ALTER TABLE users ADD COLUMN email_notifications BOOLEAN NOT NULL DEFAULT true;
