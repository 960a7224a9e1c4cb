-- The two append-only fact tables, commission_entries (about two dozen rows
-- per confirmed sale) and metric_events, check their references once per
-- statement, set-based, instead of through row-by-row foreign keys: a
-- foreign key looks up and share-locks the referenced row for every inserted
-- row (a WAL record each time, and the same few hot rows, the plan, the
-- metrics and the top of the network, locked by every confirmation). The
-- guarantee stays the same: an inserted reference must exist (checked
-- below, in the inserting statement) and a referenced row can never go
-- away, because these tables refuse DELETE and TRUNCATE (people and
-- metrics are deactivated, plans get new versions, sales change status).
ALTER TABLE commission_entries DROP CONSTRAINT commission_entries_sale_id_fkey;
ALTER TABLE commission_entries DROP CONSTRAINT commission_entries_recipient_id_fkey;
ALTER TABLE commission_entries DROP CONSTRAINT commission_entries_plan_id_fkey;
ALTER TABLE commission_entries DROP CONSTRAINT commission_entries_reverses_entry_id_fkey;
ALTER TABLE metric_events DROP CONSTRAINT metric_events_user_id_fkey;
ALTER TABLE metric_events DROP CONSTRAINT metric_events_metric_id_fkey;
ALTER TABLE metric_events DROP CONSTRAINT metric_events_created_by_fkey;

CREATE FUNCTION refuse_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% rows are never deleted', TG_TABLE_NAME
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER users_never_deleted BEFORE DELETE OR TRUNCATE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
CREATE TRIGGER metric_definitions_never_deleted BEFORE DELETE OR TRUNCATE ON metric_definitions
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
CREATE TRIGGER commission_plans_never_deleted BEFORE DELETE OR TRUNCATE ON commission_plans
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
CREATE TRIGGER sales_never_deleted BEFORE DELETE OR TRUNCATE ON sales
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();

-- One set-based query per inserting statement; only when it finds a broken
-- reference do the narrower queries run, to say which.
CREATE FUNCTION commission_entries_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM new_entries n
        WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = n.sale_id)
           OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.recipient_id)
           OR NOT EXISTS (SELECT 1 FROM commission_plans p WHERE p.id = n.plan_id)
           OR (n.reverses_entry_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM commission_entries e WHERE e.id = n.reverses_entry_id))
    ) THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM new_entries n WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = n.sale_id)) THEN
        RAISE EXCEPTION 'commission entry for an unknown sale' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM new_entries n WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.recipient_id)) THEN
        RAISE EXCEPTION 'commission entry for an unknown recipient' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM new_entries n WHERE NOT EXISTS (SELECT 1 FROM commission_plans p WHERE p.id = n.plan_id)) THEN
        RAISE EXCEPTION 'commission entry under an unknown plan' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RAISE EXCEPTION 'commission entry reversing an unknown entry' USING ERRCODE = 'foreign_key_violation';
END
$$;
CREATE TRIGGER commission_entries_check_references
    AFTER INSERT ON commission_entries REFERENCING NEW TABLE AS new_entries
    FOR EACH STATEMENT EXECUTE FUNCTION commission_entries_check_references();

CREATE FUNCTION metric_events_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM new_events n
        WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.user_id)
           OR NOT EXISTS (SELECT 1 FROM metric_definitions m WHERE m.id = n.metric_id)
           OR (n.created_by IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.created_by))
    ) THEN
        RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM new_events n WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.user_id)) THEN
        RAISE EXCEPTION 'metric event for an unknown person' USING ERRCODE = 'foreign_key_violation';
    END IF;
    IF EXISTS (SELECT 1 FROM new_events n WHERE NOT EXISTS (SELECT 1 FROM metric_definitions m WHERE m.id = n.metric_id)) THEN
        RAISE EXCEPTION 'metric event for an unknown metric' USING ERRCODE = 'foreign_key_violation';
    END IF;
    RAISE EXCEPTION 'metric event recorded by an unknown person' USING ERRCODE = 'foreign_key_violation';
END
$$;
CREATE TRIGGER metric_events_check_references
    AFTER INSERT ON metric_events REFERENCING NEW TABLE AS new_events
    FOR EACH STATEMENT EXECUTE FUNCTION metric_events_check_references();
