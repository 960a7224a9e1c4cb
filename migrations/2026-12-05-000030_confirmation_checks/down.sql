-- Back to the checks of migrations 000027 and 000015.
CREATE OR REPLACE FUNCTION commission_entries_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM new_entries n
        WHERE NOT EXISTS (SELECT 1 FROM sales s WHERE s.id = n.sale_id)
           OR NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.recipient_id)
           OR NOT EXISTS (SELECT 1 FROM commission_plans p WHERE p.id = n.plan_id)
           OR (n.reverses_entry_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM commission_entries e WHERE e.id = n.reverses_entry_id))
           OR (n.dispute_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM commission_disputes d
                               JOIN commission_entries q ON q.id = d.entry_id
                               WHERE d.id = n.dispute_id AND d.partner_id = n.recipient_id
                                 AND q.sale_id = n.sale_id))
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
    IF EXISTS (SELECT 1 FROM new_entries n WHERE n.dispute_id IS NOT NULL) THEN
        RAISE EXCEPTION 'adjustment for an unknown dispute, or not its partner''s or its sale''s'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RAISE EXCEPTION 'commission entry reversing an unknown entry' USING ERRCODE = 'foreign_key_violation';
END
$$;

CREATE OR REPLACE FUNCTION sales_check_confirmation_references() RETURNS trigger LANGUAGE plpgsql AS $$
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

ALTER TABLE sales ALTER COLUMN commission_distribution SET COMPRESSION default,
                  ALTER COLUMN tree_snapshot SET COMPRESSION default;
