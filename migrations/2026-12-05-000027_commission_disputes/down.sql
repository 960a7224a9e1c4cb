CREATE OR REPLACE FUNCTION commission_entries_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
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
-- Down cannot un-append adjustment lines: the append-only ledger refuses
-- DELETE. It works only while the ledger holds none.
DROP INDEX commission_entries_one_per_dispute_key;
ALTER TABLE commission_entries DROP CONSTRAINT commission_entries_adjustment_dispute;
ALTER TABLE commission_entries DROP CONSTRAINT commission_entries_kind_check;
ALTER TABLE commission_entries ADD CONSTRAINT commission_entries_kind_check
    CHECK (kind IN ('direct', 'upline', 'matching'));
ALTER TABLE commission_entries DROP COLUMN dispute_id;
DROP TABLE commission_disputes;
DROP FUNCTION commission_disputes_forward_only();
