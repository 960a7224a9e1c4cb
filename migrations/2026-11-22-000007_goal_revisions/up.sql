-- Every change to a goal's target, factors, weight, priority or status, as
-- it was before and after, who made it, when and why. Append-only.
CREATE TABLE goal_revisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    goal_id BIGINT NOT NULL REFERENCES goals (id),
    actor_id BIGINT REFERENCES users (id),
    reason TEXT,
    -- The changed fields only, by name: {"target": "250000.00", ...}.
    before JSONB NOT NULL,
    after JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX goal_revisions_goal_idx ON goal_revisions (goal_id, id);

CREATE FUNCTION goal_revisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'goal_revisions is append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER goal_revisions_append_only BEFORE UPDATE OR DELETE ON goal_revisions
    FOR EACH ROW EXECUTE FUNCTION goal_revisions_append_only();

-- A rep's monthly goal sheet: signups, revenue and the bonus tier they aim
-- for, set by the end of the 6th (organisation time). Setting it creates or
-- updates the month's signup and revenue goals (goal ids kept here).
CREATE TABLE goal_sheets (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    year SMALLINT NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    month SMALLINT NOT NULL CHECK (month BETWEEN 1 AND 12),
    period_id BIGINT NOT NULL REFERENCES periods (id),
    signup_goal NUMERIC(18, 2) NOT NULL DEFAULT 0 CHECK (signup_goal >= 0),
    revenue_goal NUMERIC(18, 2) NOT NULL DEFAULT 0 CHECK (revenue_goal >= 0),
    bonus_tier_goal SMALLINT NOT NULL DEFAULT 0 CHECK (bonus_tier_goal BETWEEN 0 AND 6),
    -- draft: pre-filled, not yet set by the rep; set: the rep set it.
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'set')),
    signup_goal_id BIGINT REFERENCES goals (id),
    revenue_goal_id BIGINT REFERENCES goals (id),
    set_at TIMESTAMPTZ,
    set_by BIGINT REFERENCES users (id),
    set_by_deadline BOOLEAN,
    -- A manager may clear the late flag, with a reason (audited).
    late_cleared_at TIMESTAMPTZ,
    late_cleared_by BIGINT REFERENCES users (id),
    late_cleared_reason TEXT,
    completed_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT goal_sheets_user_month_key UNIQUE (user_id, year, month),
    CONSTRAINT goal_sheets_set_check CHECK (
        (status = 'set') = (set_at IS NOT NULL AND set_by_deadline IS NOT NULL))
);
CREATE INDEX goal_sheets_month_idx ON goal_sheets (year, month, status);
CREATE TRIGGER goal_sheets_updated_at BEFORE UPDATE ON goal_sheets
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A rep's yearly goals; monthly targets are yearly ÷ 12, or by the
-- organisation's twelve seasonal weights when set.
CREATE TABLE yearly_goals (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    year SMALLINT NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    signup_goal NUMERIC(18, 2) NOT NULL DEFAULT 0 CHECK (signup_goal >= 0),
    revenue_goal NUMERIC(18, 2) NOT NULL DEFAULT 0 CHECK (revenue_goal >= 0),
    set_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    set_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT yearly_goals_user_year_key UNIQUE (user_id, year)
);
CREATE TRIGGER yearly_goals_updated_at BEFORE UPDATE ON yearly_goals
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Twelve seasonal weights for spreading yearly goals over months (any
-- positive numbers; a month's share is its weight over the sum).
CREATE TABLE seasonal_weights (
    month SMALLINT PRIMARY KEY CHECK (month BETWEEN 1 AND 12),
    weight NUMERIC(8, 4) NOT NULL CHECK (weight > 0)
);
