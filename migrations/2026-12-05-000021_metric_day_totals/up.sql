-- Each person's total of each metric per day and event source, kept by
-- triggers on metric_events in the same transaction as the facts, so every
-- writer (the services, the CSV import, sales and their reversals, the
-- demo, raw SQL) keeps it right by construction. The facts stay the truth:
-- `attain totals rebuild` recomputes this table from metric_events, and
-- `attain totals check` lists any difference. `events` counts the facts
-- behind a row, so a row exists exactly when a recomputation would group
-- one (a sale and its reversal net to zero and still name their source).
CREATE TABLE metric_day_totals (
    user_id BIGINT NOT NULL,
    metric_id BIGINT NOT NULL,
    day DATE NOT NULL,
    source TEXT NOT NULL,
    total NUMERIC NOT NULL,
    -- Zero only inside a statement that then removes the row.
    events BIGINT NOT NULL CHECK (events >= 0),
    PRIMARY KEY (user_id, metric_id, day, source)
);
-- Boards and rollups: one metric over a date range for everyone.
CREATE INDEX metric_day_totals_metric_day_idx ON metric_day_totals (metric_id, day)
    INCLUDE (user_id, total);

-- Takes out the facts a statement removed (UPDATE, DELETE: the application
-- never does either, but a repair by hand must leave the totals right),
-- adds those it wrote (INSERT, UPDATE), and drops rows left without facts.
-- Rows are grouped and written in key order, so concurrent writers take
-- their row locks in the same order.
CREATE FUNCTION metric_day_totals_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE metric_day_totals t SET total = t.total - o.total, events = t.events - o.events
        FROM (SELECT user_id, metric_id, occurred_on AS day, source,
                     sum(value) AS total, count(*) AS events
              FROM old_events GROUP BY 1, 2, 3, 4) o
        WHERE (t.user_id, t.metric_id, t.day, t.source) = (o.user_id, o.metric_id, o.day, o.source);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO metric_day_totals AS t (user_id, metric_id, day, source, total, events)
        SELECT user_id, metric_id, occurred_on, source, sum(value), count(*)
        FROM new_events GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
        ON CONFLICT (user_id, metric_id, day, source) DO UPDATE
            SET total = t.total + excluded.total, events = t.events + excluded.events;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM metric_day_totals WHERE events = 0
            AND (user_id, metric_id, day, source) IN
                (SELECT user_id, metric_id, occurred_on, source FROM old_events);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER metric_events_day_totals_insert
    AFTER INSERT ON metric_events REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION metric_day_totals_apply();
CREATE TRIGGER metric_events_day_totals_update
    AFTER UPDATE ON metric_events REFERENCING OLD TABLE AS old_events NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION metric_day_totals_apply();
CREATE TRIGGER metric_events_day_totals_delete
    AFTER DELETE ON metric_events REFERENCING OLD TABLE AS old_events
    FOR EACH STATEMENT EXECUTE FUNCTION metric_day_totals_apply();

CREATE FUNCTION metric_day_totals_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE metric_day_totals;
    RETURN NULL;
END
$$;
CREATE TRIGGER metric_events_day_totals_truncate
    AFTER TRUNCATE ON metric_events
    FOR EACH STATEMENT EXECUTE FUNCTION metric_day_totals_truncate();

-- Facts recorded before this migration.
INSERT INTO metric_day_totals (user_id, metric_id, day, source, total, events)
SELECT user_id, metric_id, occurred_on, source, sum(value), count(*)
FROM metric_events GROUP BY 1, 2, 3, 4;
