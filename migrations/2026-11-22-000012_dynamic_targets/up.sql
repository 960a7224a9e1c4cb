-- Dynamic targets: base = partner type minimum × tier multiplier; final =
-- base × personal × market × seasonal × team. Every factor is a positive
-- multiplier around 1 (at most 10, four decimals); a factor that is not set
-- counts as 1.

-- The market condition of a month, set by admins.
CREATE TABLE market_factors (
    period_id BIGINT PRIMARY KEY REFERENCES periods (id),
    factor NUMERIC(6, 4) NOT NULL CHECK (factor > 0 AND factor <= 10),
    updated_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER market_factors_updated_at BEFORE UPDATE ON market_factors
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Twelve seasonal adjustment factors of the target formula (January = 1).
-- Not the seasonal WEIGHTS, which spread yearly goals over the months.
CREATE TABLE seasonal_factors (
    month SMALLINT PRIMARY KEY CHECK (month BETWEEN 1 AND 12),
    factor NUMERIC(6, 4) NOT NULL CHECK (factor > 0 AND factor <= 10),
    updated_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER seasonal_factors_updated_at BEFORE UPDATE ON seasonal_factors
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- A person's own factors: the personal adjustment, and a team factor set by
-- hand (NULL: computed from their team's attainment last month).
CREATE TABLE user_target_factors (
    user_id BIGINT PRIMARY KEY REFERENCES users (id),
    personal_factor NUMERIC(6, 4) NOT NULL DEFAULT 1
        CHECK (personal_factor > 0 AND personal_factor <= 10),
    team_factor_override NUMERIC(6, 4)
        CHECK (team_factor_override IS NULL OR (team_factor_override > 0 AND team_factor_override <= 10)),
    updated_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE TRIGGER user_target_factors_updated_at BEFORE UPDATE ON user_target_factors
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- Every change of a factor, before and after, who and why. Append-only.
CREATE TABLE target_factor_revisions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    factor TEXT NOT NULL CHECK (factor IN ('market', 'seasonal', 'personal', 'team')),
    -- Whose factor (personal, team) or which month (market); seasonal: none.
    user_id BIGINT REFERENCES users (id),
    period_id BIGINT REFERENCES periods (id),
    actor_id BIGINT REFERENCES users (id),
    reason TEXT,
    before JSONB NOT NULL,
    after JSONB NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT target_factor_revisions_subject_check CHECK (
        (factor IN ('personal', 'team') AND user_id IS NOT NULL AND period_id IS NULL)
        OR (factor = 'market' AND period_id IS NOT NULL AND user_id IS NULL)
        OR (factor = 'seasonal' AND user_id IS NULL AND period_id IS NULL))
);
CREATE INDEX target_factor_revisions_user_idx ON target_factor_revisions (user_id, id)
    WHERE user_id IS NOT NULL;

CREATE FUNCTION target_factor_revisions_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'target_factor_revisions is append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER target_factor_revisions_append_only
    BEFORE UPDATE OR DELETE ON target_factor_revisions
    FOR EACH ROW EXECUTE FUNCTION target_factor_revisions_append_only();

-- How a goal's target was computed (base, each factor and where it came
-- from, the final), when it was set from the formula.
ALTER TABLE goals ADD COLUMN target_breakdown JSONB;

-- Special objectives: a few named extra targets hanging off a goal (new
-- clients 5, mentoring 2, trainings 3, satisfaction 90 %), their actuals
-- entered by hand.
CREATE TABLE goal_objectives (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    goal_id BIGINT NOT NULL REFERENCES goals (id),
    name TEXT NOT NULL CHECK (btrim(name) <> '' AND char_length(name) <= 80),
    unit TEXT NOT NULL DEFAULT 'count' CHECK (unit IN ('count', 'percent')),
    target NUMERIC(18, 2) NOT NULL CHECK (target >= 0),
    actual NUMERIC(18, 2) CHECK (actual IS NULL OR actual >= 0),
    created_by BIGINT REFERENCES users (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX goal_objectives_name_key ON goal_objectives (goal_id, lower(name));
CREATE TRIGGER goal_objectives_updated_at BEFORE UPDATE ON goal_objectives
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
