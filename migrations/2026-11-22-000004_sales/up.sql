-- Partner sales, approval rules, versioned commission plans and the
-- append-only commission ledger.

-- One row of limits: at or below auto_confirm_limit a sale confirms itself;
-- managers approve up to manager_approval_limit; admins any amount.
CREATE TABLE approval_rules (
    id SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    auto_confirm_limit NUMERIC(18, 2) NOT NULL CHECK (auto_confirm_limit >= 0),
    manager_approval_limit NUMERIC(18, 2) NOT NULL CHECK (manager_approval_limit >= 0),
    updated_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER approval_rules_updated_at BEFORE UPDATE ON approval_rules
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
INSERT INTO approval_rules (auto_confirm_limit, manager_approval_limit) VALUES (1000, 100000);

-- Plans are immutable versions: editing writes a new version.
CREATE TABLE commission_plans (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version INTEGER NOT NULL CHECK (version > 0),
    -- {"<tier id>": "0.10", ...}: rates as strings, never floats.
    direct_rates JSONB NOT NULL,
    default_direct_rate NUMERIC(8, 6) NOT NULL CHECK (default_direct_rate BETWEEN 0 AND 1),
    -- ["0.05", "0.03", ...]: level 1..N.
    upline_rates JSONB NOT NULL,
    matching_rate NUMERIC(8, 6) NOT NULL CHECK (matching_rate BETWEEN 0 AND 1),
    max_depth INTEGER NOT NULL CHECK (max_depth BETWEEN 0 AND 50),
    compression BOOLEAN NOT NULL,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT commission_plans_version_key UNIQUE (version)
);
INSERT INTO commission_plans (version, direct_rates, default_direct_rate, upline_rates,
                              matching_rate, max_depth, compression)
VALUES (1, '{}', 0.10, '["0.05", "0.03", "0.02"]', 0.10, 3, TRUE);

CREATE TABLE sales (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id BIGINT NOT NULL REFERENCES users (id),
    partner_name TEXT NOT NULL,
    partner_email TEXT NOT NULL,
    title TEXT NOT NULL CHECK (btrim(title) <> ''),
    description TEXT,
    amount NUMERIC(18, 2) NOT NULL CHECK (amount > 0),
    currency_code TEXT NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
    sales_date DATE NOT NULL,
    category TEXT,
    product_type TEXT,
    sales_channel TEXT NOT NULL CHECK (sales_channel IN ('online', 'offline', 'phone', 'event', 'referral', 'other')),
    order_number TEXT NOT NULL CHECK (btrim(order_number) <> ''),
    order_code TEXT,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'confirmed', 'cancelled', 'refunded')),
    registered_by BIGINT REFERENCES users (id),
    confirmed_at TIMESTAMPTZ,
    confirmed_by BIGINT REFERENCES users (id),
    approval_note TEXT,
    cancelled_at TIMESTAMPTZ,
    refunded_at TIMESTAMPTZ,
    status_reason TEXT,
    -- Filled at confirmation, from the snapshot and the plan of that moment.
    commission_calculated BOOLEAN NOT NULL DEFAULT FALSE,
    commission_calculated_at TIMESTAMPTZ,
    commission_total NUMERIC(18, 2),
    commission_recipient_count INTEGER,
    commission_distribution JSONB,
    tree_snapshot JSONB,
    plan_id BIGINT REFERENCES commission_plans (id),
    partner_tier_at_time TEXT,
    partner_type_at_time TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- A retried submit never makes two sales.
    CONSTRAINT sales_partner_order_number_key UNIQUE (partner_id, order_number)
);
CREATE INDEX sales_status_idx ON sales (status, created_at);
CREATE INDEX sales_partner_date_idx ON sales (partner_id, sales_date);
CREATE TRIGGER sales_updated_at BEFORE UPDATE ON sales
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Every status change with its time, reason and actor.
CREATE TABLE sale_status_changes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sale_id BIGINT NOT NULL REFERENCES sales (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    reason TEXT,
    actor_id BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX sale_status_changes_sale_idx ON sale_status_changes (sale_id, id);

-- The ledger: append-only. A cancellation or refund appends one reversing
-- entry per entry; nothing is ever updated or deleted.
CREATE TABLE commission_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sale_id BIGINT NOT NULL REFERENCES sales (id),
    recipient_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN ('direct', 'upline', 'matching')),
    level INTEGER NOT NULL CHECK (level >= 0),
    rate NUMERIC(8, 6) NOT NULL,
    base NUMERIC(18, 2) NOT NULL,
    amount NUMERIC(18, 2) NOT NULL,
    plan_id BIGINT NOT NULL REFERENCES commission_plans (id),
    plan_version INTEGER NOT NULL,
    reverses_entry_id BIGINT REFERENCES commission_entries (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT commission_entries_one_reversal_key UNIQUE (reverses_entry_id)
);
CREATE INDEX commission_entries_sale_idx ON commission_entries (sale_id);
CREATE INDEX commission_entries_recipient_idx ON commission_entries (recipient_id, created_at);

CREATE FUNCTION commission_entries_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'commission_entries is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER commission_entries_append_only
    BEFORE UPDATE OR DELETE ON commission_entries
    FOR EACH ROW EXECUTE FUNCTION commission_entries_append_only();
CREATE TRIGGER commission_entries_no_truncate
    BEFORE TRUNCATE ON commission_entries
    FOR EACH STATEMENT EXECUTE FUNCTION commission_entries_append_only();
