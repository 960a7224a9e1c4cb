-- What a goal's derived figures were on a day, for trend charts and audit.
-- Never the source of truth: actuals are always summed from metric_events.
-- `day` is a business date (organisation time zone); the figures are those
-- of the end of that day (events through `day`). A daily row for every live
-- goal whose period holds the day; a weekly row too on Sundays (weeks start
-- on Monday) and a monthly one on the last day of a month, each also on the
-- last day of the goal's period.
CREATE TABLE goal_snapshots (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    goal_id BIGINT NOT NULL REFERENCES goals (id),
    day DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('daily', 'weekly', 'monthly')),
    actual NUMERIC(18, 2) NOT NULL,
    target NUMERIC(18, 2) NOT NULL,
    -- actual / target × 100 (2 dp); NULL when the target is zero.
    attainment_percent NUMERIC(20, 2),
    -- target × elapsed days / total days (2 dp), the straight-line path.
    expected NUMERIC(18, 2) NOT NULL,
    -- Days from `day` through the period's end, `day` included.
    days_remaining INTEGER NOT NULL CHECK (days_remaining >= 0),
    -- actual >= expected.
    on_pace BOOLEAN NOT NULL,
    pace TEXT NOT NULL CHECK (pace IN ('ahead', 'on_track', 'behind', 'critical')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Once per goal, day and kind, however often and wherever the job runs.
    CONSTRAINT goal_snapshots_once_key UNIQUE (goal_id, day, kind)
);
-- The executive chart reads monthly rows by day.
CREATE INDEX goal_snapshots_day_idx ON goal_snapshots (day, kind);

-- Jobs can be run by an admin from the jobs page; the run records who.
ALTER TABLE job_runs DROP CONSTRAINT job_runs_source_check;
ALTER TABLE job_runs ADD CONSTRAINT job_runs_source_check
    CHECK (source IN ('schedule', 'cli', 'admin'));
ALTER TABLE job_runs ADD COLUMN run_by BIGINT REFERENCES users (id);
