-- The goal lifecycle: when each step happened, who approved, and the reason
-- given for the latest change of status (send back, pause, cancel).
ALTER TABLE goals
    ADD COLUMN submitted_at TIMESTAMPTZ,
    ADD COLUMN approved_at TIMESTAMPTZ,
    ADD COLUMN approved_by BIGINT REFERENCES users (id),
    ADD COLUMN activated_at TIMESTAMPTZ,
    ADD COLUMN completed_at TIMESTAMPTZ,
    ADD COLUMN status_reason TEXT,
    ADD COLUMN status_changed_at TIMESTAMPTZ;

-- Goals made before the lifecycle were active from the start.
UPDATE goals SET activated_at = created_at, status_changed_at = created_at
    WHERE status = 'active';

-- The approval queue and the nav badge look for pending goals.
CREATE INDEX goals_pending_idx ON goals (id) WHERE status = 'pending_approval';
