-- A draft payout run can be discarded: it moves to 'discarded' (who and
-- when stamped) and its settlements are released, so the ledger lines it
-- held are open again for a new run. The run and its payout lines stay as
-- the record of what the draft held; only a discarded run's items may be
-- deleted, and approved or paid runs are as fixed as before.

ALTER TABLE payout_runs
    ADD COLUMN discarded_by BIGINT REFERENCES users (id),
    ADD COLUMN discarded_at TIMESTAMPTZ,
    DROP CONSTRAINT payout_runs_status_check,
    ADD CONSTRAINT payout_runs_status_check
        CHECK (status IN ('draft', 'approved', 'paid', 'discarded')),
    DROP CONSTRAINT payout_runs_approval_stamped,
    ADD CONSTRAINT payout_runs_approval_stamped CHECK (
        (status IN ('draft', 'discarded')) = (approved_at IS NULL)
        AND (approved_at IS NULL) = (approved_by IS NULL)),
    ADD CONSTRAINT payout_runs_discard_stamped CHECK (
        (status = 'discarded') = (discarded_at IS NOT NULL)
        AND (discarded_at IS NULL) = (discarded_by IS NULL));

CREATE OR REPLACE FUNCTION payout_runs_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'payout_runs rows are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF NOT ((OLD.status = 'draft' AND NEW.status = 'approved')
            OR (OLD.status = 'approved' AND NEW.status = 'paid')
            OR (OLD.status = 'draft' AND NEW.status = 'discarded')) THEN
        RAISE EXCEPTION 'payout run % cannot move from % to %', OLD.id, OLD.status, NEW.status
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF (NEW.month, NEW.minimum_amount, NEW.holdback_days, NEW.cutoff_at, NEW.total,
        NEW.currency_code, NEW.created_by, NEW.created_at)
       IS DISTINCT FROM
       (OLD.month, OLD.minimum_amount, OLD.holdback_days, OLD.cutoff_at, OLD.total,
        OLD.currency_code, OLD.created_by, OLD.created_at)
       OR (OLD.approved_at IS NOT NULL AND (NEW.approved_at, NEW.approved_by)
                                           IS DISTINCT FROM (OLD.approved_at, OLD.approved_by)) THEN
        RAISE EXCEPTION 'payout run % is fixed once made', OLD.id
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END
$$;

-- Settlements stay append-only, except that a discarded run's are released.
CREATE FUNCTION payout_items_release_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM payout_lines l JOIN payout_runs r ON r.id = l.run_id
        WHERE l.id = OLD.payout_line_id AND r.status = 'discarded'
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'payout_items is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END
$$;
DROP TRIGGER payout_items_append_only ON payout_items;
CREATE TRIGGER payout_items_append_only BEFORE UPDATE OR DELETE ON payout_items
    FOR EACH ROW EXECUTE FUNCTION payout_items_release_only();
