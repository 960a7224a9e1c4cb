DROP TRIGGER payout_items_append_only ON payout_items;
CREATE TRIGGER payout_items_append_only BEFORE UPDATE OR DELETE ON payout_items
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
DROP FUNCTION payout_items_release_only();

CREATE OR REPLACE FUNCTION payout_runs_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'UPDATE' THEN
        RAISE EXCEPTION 'payout_runs rows are never deleted' USING ERRCODE = 'restrict_violation';
    END IF;
    IF NOT ((OLD.status = 'draft' AND NEW.status = 'approved')
            OR (OLD.status = 'approved' AND NEW.status = 'paid')) THEN
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

-- Discarded runs cannot be represented any more: their rows go first
-- (their items are already released).
ALTER TABLE payout_runs DISABLE TRIGGER payout_runs_forward_only;
ALTER TABLE payout_lines DISABLE TRIGGER payout_lines_append_only;
DELETE FROM payout_lines WHERE run_id IN (SELECT id FROM payout_runs WHERE status = 'discarded');
DELETE FROM payout_runs WHERE status = 'discarded';
ALTER TABLE payout_lines ENABLE TRIGGER payout_lines_append_only;
ALTER TABLE payout_runs ENABLE TRIGGER payout_runs_forward_only;

ALTER TABLE payout_runs
    DROP CONSTRAINT payout_runs_discard_stamped,
    DROP CONSTRAINT payout_runs_approval_stamped,
    ADD CONSTRAINT payout_runs_approval_stamped CHECK (
        (status = 'draft') = (approved_at IS NULL) AND (approved_at IS NULL) = (approved_by IS NULL)),
    DROP CONSTRAINT payout_runs_status_check,
    ADD CONSTRAINT payout_runs_status_check CHECK (status IN ('draft', 'approved', 'paid')),
    DROP COLUMN discarded_at,
    DROP COLUMN discarded_by;
