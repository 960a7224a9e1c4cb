-- Bonus schedules: an admin-defined ladder of tiers. A schedule on
-- `attainment` reads a goal's attainment % (thresholds are percentages); one
-- on `metric_value` reads the goal's actual (thresholds are amounts of the
-- schedule's metric). A tier applies from its threshold up (inclusive);
-- below the first tier there is no bonus.
CREATE TABLE bonus_schedules (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    description TEXT NOT NULL DEFAULT '',
    basis TEXT NOT NULL CHECK (basis IN ('attainment', 'metric_value')),
    metric_id BIGINT REFERENCES metric_definitions (id),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT bonus_schedules_metric_check CHECK ((basis = 'metric_value') = (metric_id IS NOT NULL))
);
CREATE UNIQUE INDEX bonus_schedules_name_key ON bonus_schedules (lower(name));
CREATE TRIGGER bonus_schedules_updated_at BEFORE UPDATE ON bonus_schedules
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();

-- The tiers of a schedule, numbered 1.. in ascending threshold order.
CREATE TABLE bonus_tiers (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    schedule_id BIGINT NOT NULL REFERENCES bonus_schedules (id) ON DELETE CASCADE,
    position SMALLINT NOT NULL CHECK (position BETWEEN 1 AND 20),
    threshold NUMERIC(18, 2) NOT NULL CHECK (threshold >= 0),
    rate NUMERIC(8, 4) NOT NULL CHECK (rate >= 0),
    CONSTRAINT bonus_tiers_position_key UNIQUE (schedule_id, position),
    CONSTRAINT bonus_tiers_threshold_key UNIQUE (schedule_id, threshold)
);

-- The two defaults every organisation starts with.
WITH s AS (
    INSERT INTO bonus_schedules (name, description, basis)
    VALUES ('Standard attainment', 'Half the bonus base from 80% of target, all of it at 100%, double at 120%, triple at 150%.', 'attainment')
    RETURNING id
)
INSERT INTO bonus_tiers (schedule_id, position, threshold, rate)
SELECT s.id, t.position, t.threshold, t.rate
FROM s, (VALUES (1, 80, 0.5), (2, 100, 1), (3, 120, 2), (4, 150, 3)) AS t(position, threshold, rate);

WITH s AS (
    INSERT INTO bonus_schedules (name, description, basis, metric_id)
    SELECT 'Signup ladder', 'Tiers 1 to 6 by the month''s signups: 15, 20, 25, 30, 40 and 50.', 'metric_value', id
    FROM metric_definitions WHERE key = 'signups'
    RETURNING id
)
INSERT INTO bonus_tiers (schedule_id, position, threshold, rate)
SELECT s.id, t.position, t.threshold, t.rate
FROM s, (VALUES (1, 15, 0.5), (2, 20, 1), (3, 25, 1.5), (4, 30, 2), (5, 40, 3), (6, 50, 4)) AS t(position, threshold, rate);

-- A goal's bonus: its schedule's rate × the goal's bonus base.
ALTER TABLE goals ADD COLUMN bonus_schedule_id BIGINT REFERENCES bonus_schedules (id);
CREATE INDEX goals_bonus_schedule_idx ON goals (bonus_schedule_id) WHERE bonus_schedule_id IS NOT NULL;

-- What a person earned, each recorded once: the partial unique indexes
-- below are the rule, `INSERT … ON CONFLICT DO NOTHING` relies on them.
CREATE TABLE achievements (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL CHECK (kind IN (
        'goal_achieved', 'yearly_goal_achieved', 'bonus_tier', 'milestone',
        'perfect_month', 'streak')),
    goal_id BIGINT REFERENCES goals (id),
    milestone_id BIGINT REFERENCES milestones (id),
    metric_id BIGINT REFERENCES metric_definitions (id),
    -- The month (perfect month, streak: the month the streak reached its
    -- length) or year (yearly goal) it is about: the first day.
    period_start DATE,
    title TEXT NOT NULL,
    achieved_on DATE NOT NULL,
    goal_value NUMERIC(18, 2),
    actual NUMERIC(18, 2),
    percent NUMERIC(12, 2),
    bonus_amount NUMERIC(18, 2),
    -- The bonus tier reached (position in its schedule), if any.
    tier SMALLINT,
    streak_months SMALLINT CHECK (streak_months IS NULL OR streak_months > 0),
    points INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),
    recognised_at TIMESTAMPTZ,
    recognised_by BIGINT REFERENCES users (id),
    recognition_note TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT achievements_shape_check CHECK (CASE kind
        WHEN 'goal_achieved' THEN goal_id IS NOT NULL
        WHEN 'bonus_tier' THEN goal_id IS NOT NULL AND tier IS NOT NULL
        WHEN 'milestone' THEN milestone_id IS NOT NULL
        WHEN 'yearly_goal_achieved' THEN metric_id IS NOT NULL AND period_start IS NOT NULL
        WHEN 'perfect_month' THEN period_start IS NOT NULL
        WHEN 'streak' THEN period_start IS NOT NULL AND streak_months IS NOT NULL
    END),
    CONSTRAINT achievements_recognised_check CHECK ((recognised_at IS NULL) = (recognised_by IS NULL))
);
CREATE UNIQUE INDEX achievements_goal_key ON achievements (goal_id) WHERE kind = 'goal_achieved';
CREATE UNIQUE INDEX achievements_tier_key ON achievements (goal_id, tier) WHERE kind = 'bonus_tier';
CREATE UNIQUE INDEX achievements_milestone_key ON achievements (milestone_id) WHERE kind = 'milestone';
CREATE UNIQUE INDEX achievements_yearly_key ON achievements (user_id, metric_id, period_start)
    WHERE kind = 'yearly_goal_achieved';
CREATE UNIQUE INDEX achievements_perfect_month_key ON achievements (user_id, period_start)
    WHERE kind = 'perfect_month';
CREATE UNIQUE INDEX achievements_streak_key ON achievements (user_id, streak_months, period_start)
    WHERE kind = 'streak';
CREATE INDEX achievements_user_idx ON achievements (user_id, achieved_on DESC, id DESC);
CREATE INDEX achievements_feed_idx ON achievements (achieved_on DESC, id DESC);

-- Points: one line per achievement (or adjustment), never changed.
CREATE TABLE points_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    achievement_id BIGINT REFERENCES achievements (id),
    points INTEGER NOT NULL,
    reason TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT points_entries_achievement_key UNIQUE (achievement_id)
);
CREATE INDEX points_entries_user_idx ON points_entries (user_id);
CREATE FUNCTION points_entries_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'points_entries is append-only' USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER points_entries_append_only BEFORE UPDATE OR DELETE ON points_entries
    FOR EACH ROW EXECUTE FUNCTION points_entries_append_only();
CREATE TRIGGER points_entries_no_truncate BEFORE TRUNCATE ON points_entries
    FOR EACH STATEMENT EXECUTE FUNCTION points_entries_append_only();

-- A partner whose sales have been above the next tier's requirement for
-- several months is suggested for promotion; an admin accepts or dismisses.
CREATE TABLE tier_promotions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id),
    from_tier_id BIGINT NOT NULL REFERENCES partner_tiers (id),
    to_tier_id BIGINT NOT NULL REFERENCES partner_tiers (id),
    -- The months looked at (first days) and what each had to reach.
    first_month DATE NOT NULL,
    last_month DATE NOT NULL,
    required NUMERIC(18, 2) NOT NULL,
    lowest_month NUMERIC(18, 2) NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'dismissed')),
    decided_by BIGINT REFERENCES users (id),
    decided_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tier_promotions_decided_check CHECK ((status = 'pending') = (decided_at IS NULL)),
    -- The same evidence never makes a second suggestion, even once dismissed.
    CONSTRAINT tier_promotions_once_key UNIQUE (user_id, to_tier_id, last_month)
);
CREATE UNIQUE INDEX tier_promotions_pending_key ON tier_promotions (user_id) WHERE status = 'pending';
