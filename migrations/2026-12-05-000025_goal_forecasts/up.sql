-- Each live goal's forecast, made once a day by the `forecasts` job from the
-- events through `day` (the last ended business day): the probability of
-- reaching the target by the period's end and the P10 / P50 / P90 end
-- values. No probability: not enough history.
CREATE TABLE goal_forecasts (
    goal_id BIGINT PRIMARY KEY REFERENCES goals (id) ON DELETE CASCADE,
    day DATE NOT NULL,
    probability NUMERIC(4, 3) CHECK (probability BETWEEN 0 AND 1),
    p10 NUMERIC(20, 2),
    p50 NUMERIC(20, 2),
    p90 NUMERIC(20, 2),
    computed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT goal_forecasts_figures_check CHECK (
        (probability IS NULL) = (p50 IS NULL)
        AND (p10 IS NULL) = (p50 IS NULL)
        AND (p90 IS NULL) = (p50 IS NULL)
    )
);
CREATE INDEX goal_forecasts_day_idx ON goal_forecasts (day);
