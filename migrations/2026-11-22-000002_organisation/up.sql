-- The organisation: one row of settings.
CREATE TABLE organisation (
    id SMALLINT PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    currency_code TEXT NOT NULL CHECK (currency_code ~ '^[A-Z]{3}$'),
    currency_minor_unit SMALLINT NOT NULL CHECK (currency_minor_unit BETWEEN 0 AND 4),
    time_zone TEXT NOT NULL,
    fiscal_year_start_month SMALLINT NOT NULL CHECK (fiscal_year_start_month BETWEEN 1 AND 12),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER organisation_updated_at BEFORE UPDATE ON organisation
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
INSERT INTO organisation (name, currency_code, currency_minor_unit, time_zone, fiscal_year_start_month)
VALUES ('My company', 'USD', 2, 'UTC', 1);

CREATE TABLE partner_types (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    min_monthly_sales NUMERIC(18, 2) NOT NULL CHECK (min_monthly_sales >= 0),
    min_deal_count INTEGER NOT NULL CHECK (min_deal_count >= 0),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT partner_types_code_key UNIQUE (code)
);
CREATE TRIGGER partner_types_updated_at BEFORE UPDATE ON partner_types
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE partner_tiers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    code TEXT NOT NULL CHECK (code ~ '^[a-z0-9_-]{1,32}$'),
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    rank INTEGER NOT NULL CHECK (rank >= 0),
    target_multiplier NUMERIC(8, 4) NOT NULL CHECK (target_multiplier > 0),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT partner_tiers_code_key UNIQUE (code),
    CONSTRAINT partner_tiers_rank_key UNIQUE (rank)
);
CREATE TRIGGER partner_tiers_updated_at BEFORE UPDATE ON partner_tiers
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Teams form a tree; a team with no parent sits directly under the company.
CREATE TABLE teams (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    parent_id BIGINT REFERENCES teams (id),
    manager_id BIGINT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT teams_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
CREATE UNIQUE INDEX teams_name_key ON teams (lower(name));
CREATE INDEX teams_parent_id_idx ON teams (parent_id);
CREATE TRIGGER teams_updated_at BEFORE UPDATE ON teams
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email TEXT NOT NULL CHECK (email ~ '^[^@\s]+@[^@\s]+$'),
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    role TEXT NOT NULL CHECK (role IN ('rep', 'manager', 'admin', 'executive')),
    team_id BIGINT REFERENCES teams (id),
    sponsor_id BIGINT REFERENCES users (id),
    partner_type_id BIGINT REFERENCES partner_types (id),
    partner_tier_id BIGINT REFERENCES partner_tiers (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash TEXT NOT NULL,
    -- Every session cookie issued before this instant is refused.
    sessions_valid_after TIMESTAMPTZ NOT NULL DEFAULT now(),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT users_not_own_sponsor CHECK (sponsor_id IS DISTINCT FROM id)
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_team_id_idx ON users (team_id);
CREATE INDEX users_sponsor_id_idx ON users (sponsor_id);
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

ALTER TABLE teams ADD CONSTRAINT teams_manager_id_fkey FOREIGN KEY (manager_id) REFERENCES users (id);

-- Failed sign-ins per email (known or not), for throttling.
CREATE TABLE sign_in_failures (
    email_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    window_started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_until TIMESTAMPTZ
);

CREATE TABLE audit_log (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id BIGINT REFERENCES users (id),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    summary TEXT NOT NULL,
    before JSONB,
    after JSONB,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id);
CREATE INDEX audit_log_created_at_idx ON audit_log (created_at DESC);
