-- Periods: month | quarter | year (fiscal) or a custom range; end inclusive.
CREATE TABLE periods (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('month', 'quarter', 'year', 'custom')),
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT periods_range_check CHECK (end_date >= start_date),
    CONSTRAINT periods_kind_range_key UNIQUE (kind, start_date, end_date)
);
CREATE TRIGGER periods_updated_at BEFORE UPDATE ON periods
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- What can be measured: nine built-in metrics plus the admins' own.
CREATE TABLE metric_definitions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key TEXT NOT NULL CHECK (key ~ '^[a-z][a-z0-9_]{0,31}$'),
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    unit TEXT NOT NULL CHECK (unit IN ('money', 'count', 'percent')),
    built_in BOOLEAN NOT NULL DEFAULT FALSE,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    position INTEGER NOT NULL DEFAULT 100,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT metric_definitions_key_key UNIQUE (key)
);
CREATE TRIGGER metric_definitions_updated_at BEFORE UPDATE ON metric_definitions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
INSERT INTO metric_definitions (key, name, unit, built_in, position) VALUES
    ('revenue', 'Revenue', 'money', TRUE, 1),
    ('deals', 'Deals', 'count', TRUE, 2),
    ('signups', 'Signups', 'count', TRUE, 3),
    ('leads', 'Leads', 'count', TRUE, 4),
    ('calls', 'Calls', 'count', TRUE, 5),
    ('meetings', 'Meetings', 'count', TRUE, 6),
    ('emails', 'Emails', 'count', TRUE, 7),
    ('recruits', 'Recruits', 'count', TRUE, 8),
    ('trainings', 'Trainings', 'count', TRUE, 9);

-- Facts: everything measurable that happened. Actuals are sums of these.
CREATE TABLE metric_events (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    metric_id BIGINT NOT NULL REFERENCES metric_definitions (id),
    value NUMERIC(18, 2) NOT NULL,
    occurred_on DATE NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('manual', 'import', 'api', 'sale', 'system')),
    external_ref TEXT CHECK (external_ref IS NULL OR btrim(external_ref) <> ''),
    note TEXT,
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- Re-importing the same reference never counts twice.
CREATE UNIQUE INDEX metric_events_external_ref_key ON metric_events (external_ref)
    WHERE external_ref IS NOT NULL;
CREATE INDEX metric_events_user_metric_day_idx ON metric_events (user_id, metric_id, occurred_on)
    INCLUDE (value);
CREATE INDEX metric_events_metric_day_idx ON metric_events (metric_id, occurred_on)
    INCLUDE (user_id, value);

-- Goals and quotas: one table. A quota is a goal a manager assigns on a
-- standard period; an objective is a goal on a custom range.
CREATE TABLE goals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_kind TEXT NOT NULL CHECK (owner_kind IN ('user', 'team', 'company')),
    user_id BIGINT REFERENCES users (id),
    team_id BIGINT REFERENCES teams (id),
    metric_id BIGINT NOT NULL REFERENCES metric_definitions (id),
    period_id BIGINT NOT NULL REFERENCES periods (id),
    title TEXT,
    target NUMERIC(18, 2) NOT NULL CHECK (target >= 0),
    weight NUMERIC(8, 2) NOT NULL DEFAULT 1 CHECK (weight > 0),
    priority SMALLINT NOT NULL DEFAULT 3 CHECK (priority BETWEEN 1 AND 5),
    parent_id BIGINT REFERENCES goals (id),
    bonus_base NUMERIC(18, 2) CHECK (bonus_base IS NULL OR bonus_base >= 0),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN (
        'draft', 'pending_approval', 'approved', 'active', 'paused',
        'completed', 'failed', 'cancelled')),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT goals_owner_check CHECK (
        (owner_kind = 'user' AND user_id IS NOT NULL AND team_id IS NULL)
        OR (owner_kind = 'team' AND team_id IS NOT NULL AND user_id IS NULL)
        OR (owner_kind = 'company' AND user_id IS NULL AND team_id IS NULL)),
    CONSTRAINT goals_not_own_parent CHECK (parent_id IS DISTINCT FROM id)
);
-- One live goal per owner × metric × period (cancelled ones do not count).
CREATE UNIQUE INDEX goals_live_key ON goals
    (owner_kind, COALESCE(user_id, 0), COALESCE(team_id, 0), metric_id, period_id)
    WHERE status <> 'cancelled';
CREATE INDEX goals_period_metric_idx ON goals (period_id, metric_id);
CREATE INDEX goals_user_idx ON goals (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX goals_team_idx ON goals (team_id) WHERE team_id IS NOT NULL;
CREATE TRIGGER goals_updated_at BEFORE UPDATE ON goals
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Milestones of an objective, reached when the actual crosses them.
CREATE TABLE milestones (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    goal_id BIGINT NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    value NUMERIC(18, 2) NOT NULL CHECK (value >= 0),
    due_on DATE,
    reached_on DATE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT milestones_goal_value_key UNIQUE (goal_id, value)
);
CREATE TRIGGER milestones_updated_at BEFORE UPDATE ON milestones
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Bearer tokens for the JSON API; only a hash is kept.
CREATE TABLE api_tokens (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    token_hash TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ,
    CONSTRAINT api_tokens_token_hash_key UNIQUE (token_hash)
);
CREATE INDEX api_tokens_user_idx ON api_tokens (user_id);
