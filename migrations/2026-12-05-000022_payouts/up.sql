-- Paying commissions: the payout rules, payout runs (draft -> approved ->
-- paid), one payout line per partner and run, and the items that settle
-- ledger lines. The ledger itself is never touched: a partner's balance is
-- the sum of their ledger lines less what was paid.

-- One row: below the minimum a balance carries to the next run; positive
-- lines younger than the holdback wait.
CREATE TABLE payout_settings (
    id SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    minimum_amount NUMERIC(18, 2) NOT NULL DEFAULT 0 CHECK (minimum_amount >= 0),
    holdback_days INTEGER NOT NULL DEFAULT 0 CHECK (holdback_days BETWEEN 0 AND 365),
    updated_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER payout_settings_updated_at BEFORE UPDATE ON payout_settings
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
INSERT INTO payout_settings (minimum_amount, holdback_days) VALUES (0, 0);

CREATE TABLE payout_runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The first day of the month whose commissions the run closes.
    month DATE NOT NULL CHECK (EXTRACT(DAY FROM month) = 1),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'paid')),
    -- The rules and the window as the run applied them.
    minimum_amount NUMERIC(18, 2) NOT NULL,
    holdback_days INTEGER NOT NULL,
    cutoff_at TIMESTAMPTZ NOT NULL,
    total NUMERIC(18, 2) NOT NULL CHECK (total > 0),
    currency_code TEXT NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
    created_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    approved_by BIGINT REFERENCES users (id),
    approved_at TIMESTAMPTZ,
    paid_by BIGINT REFERENCES users (id),
    paid_at TIMESTAMPTZ,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT payout_runs_approval_stamped CHECK (
        (status = 'draft') = (approved_at IS NULL) AND (approved_at IS NULL) = (approved_by IS NULL)),
    CONSTRAINT payout_runs_payment_stamped CHECK (
        (status = 'paid') = (paid_at IS NOT NULL) AND (paid_at IS NULL) = (paid_by IS NULL))
);
CREATE INDEX payout_runs_month_idx ON payout_runs (month, id);
CREATE TRIGGER payout_runs_updated_at BEFORE UPDATE ON payout_runs
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A run only moves forward (draft -> approved -> paid), its stamps once;
-- nothing else about it ever changes, and runs are never deleted.
CREATE FUNCTION payout_runs_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER payout_runs_forward_only BEFORE UPDATE OR DELETE ON payout_runs
    FOR EACH ROW EXECUTE FUNCTION payout_runs_forward_only();
CREATE TRIGGER payout_runs_no_truncate BEFORE TRUNCATE ON payout_runs
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();

-- What one partner is paid in a run: the net of the lines it settles.
CREATE TABLE payout_lines (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_id BIGINT NOT NULL REFERENCES payout_runs (id),
    partner_id BIGINT NOT NULL REFERENCES users (id),
    earned NUMERIC(18, 2) NOT NULL CHECK (earned >= 0),
    recovered NUMERIC(18, 2) NOT NULL CHECK (recovered >= 0),
    -- Never a payment from a negative balance, never zero.
    amount NUMERIC(18, 2) NOT NULL CHECK (amount > 0 AND amount = earned - recovered),
    line_count INTEGER NOT NULL CHECK (line_count > 0),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT payout_lines_one_per_partner_key UNIQUE (run_id, partner_id)
);
CREATE INDEX payout_lines_partner_idx ON payout_lines (partner_id, run_id);

-- The ledger lines a payout line settles. A ledger line is settled once
-- (the primary key), and a settlement is never changed or removed.
CREATE TABLE payout_items (
    entry_id BIGINT PRIMARY KEY REFERENCES commission_entries (id),
    payout_line_id BIGINT NOT NULL REFERENCES payout_lines (id),
    amount NUMERIC(18, 2) NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX payout_items_line_idx ON payout_items (payout_line_id);

CREATE FUNCTION payouts_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER payout_lines_append_only BEFORE UPDATE OR DELETE ON payout_lines
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER payout_lines_no_truncate BEFORE TRUNCATE ON payout_lines
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER payout_items_append_only BEFORE UPDATE OR DELETE ON payout_items
    FOR EACH ROW EXECUTE FUNCTION payouts_append_only();
CREATE TRIGGER payout_items_no_truncate BEFORE TRUNCATE ON payout_items
    FOR EACH STATEMENT EXECUTE FUNCTION payouts_append_only();

-- An item copies its ledger line's amount and partner exactly.
CREATE FUNCTION payout_items_match_ledger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM new_items i
        JOIN commission_entries e ON e.id = i.entry_id
        JOIN payout_lines l ON l.id = i.payout_line_id
        WHERE e.amount <> i.amount OR e.recipient_id <> l.partner_id
    ) THEN
        RAISE EXCEPTION 'a payout item must settle its partner''s line at its amount'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER payout_items_match_ledger
    AFTER INSERT ON payout_items REFERENCING NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION payout_items_match_ledger();

-- At commit, a payout line is exactly the sum of the lines it settles.
CREATE FUNCTION payout_lines_sum_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT (COALESCE(sum(amount), 0), count(*))
        FROM payout_items WHERE payout_line_id = NEW.id)
       IS DISTINCT FROM (NEW.amount, NEW.line_count::bigint) THEN
        RAISE EXCEPTION 'payout line % is not the sum of the lines it settles', NEW.id
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE CONSTRAINT TRIGGER payout_lines_sum_items AFTER INSERT ON payout_lines
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION payout_lines_sum_items();
