-- Disputes: a partner questions one of their own ledger lines (why, and
-- what they expected); an admin answers, then resolves or rejects it. A
-- resolution that pays more or less appends one `adjustment` line to the
-- ledger, pointing at its dispute: the ledger stays append-only, the
-- questioned line is never edited.

CREATE TABLE commission_disputes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The questioned line and its recipient (the partner who asks).
    entry_id BIGINT NOT NULL REFERENCES commission_entries (id),
    partner_id BIGINT NOT NULL REFERENCES users (id),
    reason TEXT NOT NULL CHECK (btrim(reason) <> '' AND char_length(reason) <= 2000),
    expected_amount NUMERIC(18, 2) CHECK (expected_amount >= 0),
    status TEXT NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'answered', 'resolved', 'rejected')),
    answer TEXT CHECK (btrim(answer) <> '' AND char_length(answer) <= 2000),
    answered_by BIGINT REFERENCES users (id),
    answered_at TIMESTAMPTZ,
    -- Why it was closed (resolved or rejected).
    resolution TEXT CHECK (btrim(resolution) <> '' AND char_length(resolution) <= 2000),
    -- What the line should pay, as the resolution settled it.
    resolved_amount NUMERIC(18, 2) CHECK (resolved_amount >= 0),
    closed_by BIGINT REFERENCES users (id),
    closed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT commission_disputes_answer_stamped CHECK (
        (answer IS NULL) = (answered_at IS NULL) AND (answered_at IS NULL) = (answered_by IS NULL)
        AND (status <> 'answered' OR answered_at IS NOT NULL)),
    CONSTRAINT commission_disputes_close_stamped CHECK (
        (status IN ('resolved', 'rejected')) = (closed_at IS NOT NULL)
        AND (closed_at IS NULL) = (closed_by IS NULL)
        AND (closed_at IS NULL) = (resolution IS NULL)
        AND (resolved_amount IS NULL OR status = 'resolved'))
);
-- One question at a time per line: a second one waits until the first is
-- closed.
CREATE UNIQUE INDEX commission_disputes_one_open_key ON commission_disputes (entry_id)
    WHERE status IN ('open', 'answered');
CREATE INDEX commission_disputes_partner_idx ON commission_disputes (partner_id, id);
CREATE INDEX commission_disputes_status_idx ON commission_disputes (status, id);
CREATE TRIGGER commission_disputes_updated_at BEFORE UPDATE ON commission_disputes
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A dispute only moves forward (open -> answered -> resolved | rejected,
-- or straight from open to a close), each step stamped once; what was
-- asked never changes, and disputes are never deleted.
CREATE FUNCTION commission_disputes_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'commission_disputes rows are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF NOT ((OLD.status = 'open' AND NEW.status IN ('answered', 'resolved', 'rejected'))
            OR (OLD.status = 'answered' AND NEW.status IN ('resolved', 'rejected'))) THEN
        RAISE EXCEPTION 'dispute % cannot move from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.entry_id, NEW.partner_id, NEW.reason, NEW.expected_amount, NEW.created_at)
       IS DISTINCT FROM (OLD.entry_id, OLD.partner_id, OLD.reason, OLD.expected_amount, OLD.created_at)
       OR (OLD.answered_at IS NOT NULL
           AND (NEW.answer, NEW.answered_by, NEW.answered_at)
               IS DISTINCT FROM (OLD.answer, OLD.answered_by, OLD.answered_at)) THEN
        RAISE EXCEPTION 'dispute % keeps what was asked and answered', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER commission_disputes_forward_only BEFORE UPDATE OR DELETE ON commission_disputes
    FOR EACH ROW EXECUTE FUNCTION commission_disputes_forward_only();
CREATE TRIGGER commission_disputes_no_truncate BEFORE TRUNCATE ON commission_disputes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();

-- The ledger's new kind. An adjustment line names its dispute (one line
-- per dispute); its reversal (a refund of the sale) keeps the kind and
-- points at the line it reverses instead. No other line names a dispute.
ALTER TABLE commission_entries ADD COLUMN dispute_id BIGINT;
ALTER TABLE commission_entries DROP CONSTRAINT commission_entries_kind_check;
ALTER TABLE commission_entries ADD CONSTRAINT commission_entries_kind_check
    CHECK (kind IN ('direct', 'upline', 'matching', 'adjustment'));
ALTER TABLE commission_entries ADD CONSTRAINT commission_entries_adjustment_dispute CHECK (
    (dispute_id IS NOT NULL) = (kind = 'adjustment' AND reverses_entry_id IS NULL));
CREATE UNIQUE INDEX commission_entries_one_per_dispute_key ON commission_entries (dispute_id)
    WHERE dispute_id IS NOT NULL;

-- The set-based reference check (000006) also covers the dispute: it must
-- exist, and an adjustment pays the dispute's partner on the questioned
-- line's sale. The one query stays the whole cost when nothing is wrong.
CREATE OR REPLACE FUNCTION commission_entries_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM new_entries n
        WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = n.sale_id)
           OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.recipient_id)
           OR NOT EXISTS (SELECT 1 FROM commission_plans p WHERE p.id = n.plan_id)
           OR (n.reverses_entry_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM commission_entries e WHERE e.id = n.reverses_entry_id))
           OR (n.dispute_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM commission_disputes d
                               JOIN commission_entries q ON q.id = d.entry_id
                               WHERE d.id = n.dispute_id AND d.partner_id = n.recipient_id
                                 AND q.sale_id = n.sale_id))
    ) THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM new_entries n WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = n.sale_id)) THEN
        RAISE EXCEPTION 'commission entry for an unknown sale' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM new_entries n WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.recipient_id)) THEN
        RAISE EXCEPTION 'commission entry for an unknown recipient' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM new_entries n WHERE NOT EXISTS (SELECT 1 FROM commission_plans p WHERE p.id = n.plan_id)) THEN
        RAISE EXCEPTION 'commission entry under an unknown plan' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM new_entries n WHERE n.dispute_id IS NOT NULL) THEN
        RAISE EXCEPTION 'adjustment for an unknown dispute, or not its partner''s or its sale''s'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RAISE EXCEPTION 'commission entry reversing an unknown entry' USING ERRCODE = 'foreign_key_violation';
END
$$;
