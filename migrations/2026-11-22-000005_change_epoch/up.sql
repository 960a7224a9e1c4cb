-- A change counter for the figures Attain derives from facts (leaderboards,
-- rollups). Every committed transaction that writes one of the tables below
-- adds one to the counter, so a cached result computed after reading the
-- counter is current for as long as the counter has not moved.
--
-- The counter is spread over 64 slots (one per backend, by pid) so that
-- concurrent writers rarely wait for each other; its value is the sum. The
-- bump runs as a deferred constraint trigger, at commit, after everything
-- else the transaction locks: it can delay a commit, never deadlock one. A
-- transaction-local setting makes it bump once per transaction however many
-- rows it writes.
CREATE TABLE change_epoch (
    slot SMALLINT PRIMARY KEY,
    n    BIGINT NOT NULL DEFAULT 0
);
INSERT INTO change_epoch (slot) SELECT generate_series(0, 63);

CREATE FUNCTION bump_change_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('attain.change_epoch_bumped', TRUE) IS DISTINCT FROM 'on' THEN
        PERFORM set_config('attain.change_epoch_bumped', 'on', TRUE);
        UPDATE change_epoch SET n = n + 1 WHERE slot = pg_backend_pid() % 64;
    END IF;
    RETURN NULL;
END
$$;

CREATE CONSTRAINT TRIGGER metric_events_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON metric_events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
CREATE CONSTRAINT TRIGGER goals_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON goals
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
CREATE CONSTRAINT TRIGGER users_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON users
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
CREATE CONSTRAINT TRIGGER teams_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON teams
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
CREATE CONSTRAINT TRIGGER periods_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON periods
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
CREATE CONSTRAINT TRIGGER metric_definitions_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON metric_definitions
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
CREATE CONSTRAINT TRIGGER organisation_change_epoch
    AFTER INSERT OR UPDATE OR DELETE ON organisation
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION bump_change_epoch();
