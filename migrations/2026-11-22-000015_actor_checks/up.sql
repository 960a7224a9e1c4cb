-- Who confirmed a sale, under which plan, and who acted in a sale's history
-- or the audit log: checked by a plain lookup instead of a foreign key. A
-- foreign key share-locks the referenced row for every write, and these
-- rows are the hottest in the database (the one current plan, the few
-- approvers): every concurrent confirmation turned the same row's lock into
-- a multixact, with a WAL record each time. Referenced rows can never go
-- away (users and plans refuse DELETE and TRUNCATE, migration 000006), so a
-- lookup when the reference is written keeps the same guarantee.
ALTER TABLE sales DROP CONSTRAINT sales_confirmed_by_fkey;
ALTER TABLE sales DROP CONSTRAINT sales_plan_id_fkey;
ALTER TABLE sale_status_changes DROP CONSTRAINT sale_status_changes_actor_id_fkey;
ALTER TABLE audit_log DROP CONSTRAINT audit_log_actor_id_fkey;

CREATE FUNCTION check_actor_reference() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM users WHERE id = NEW.actor_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION '% row by an unknown person (%)', TG_TABLE_NAME, NEW.actor_id
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER sale_status_changes_check_actor
    AFTER INSERT OR UPDATE OF actor_id ON sale_status_changes
    FOR EACH ROW WHEN (NEW.actor_id IS NOT NULL) EXECUTE FUNCTION check_actor_reference();
CREATE TRIGGER audit_log_check_actor
    AFTER INSERT OR UPDATE OF actor_id ON audit_log
    FOR EACH ROW WHEN (NEW.actor_id IS NOT NULL) EXECUTE FUNCTION check_actor_reference();

CREATE FUNCTION sales_check_confirmation_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.confirmed_by IS NOT NULL THEN
        PERFORM 1 FROM users WHERE id = NEW.confirmed_by;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'sale confirmed by an unknown person (%)', NEW.confirmed_by
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    IF NEW.plan_id IS NOT NULL THEN
        PERFORM 1 FROM commission_plans WHERE id = NEW.plan_id;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'sale under an unknown commission plan (%)', NEW.plan_id
                USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER sales_check_confirmation_references
    AFTER INSERT OR UPDATE OF confirmed_by, plan_id ON sales
    FOR EACH ROW WHEN (NEW.confirmed_by IS NOT NULL OR NEW.plan_id IS NOT NULL)
    EXECUTE FUNCTION sales_check_confirmation_references();
