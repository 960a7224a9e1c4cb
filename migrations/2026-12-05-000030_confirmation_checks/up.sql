-- Sale confirmation's reference checks, cheaper for the common case and
-- unchanged in what they accept (issue #17: >= 1,300 confirmations/s).
--
-- Measured per confirmation (pg_stat_statements, track_functions, perf on
-- the commissions bench): the plpgsql triggers were about a sixth of the
-- confirmation's CPU, the ledger's reference check the largest of them. It
-- looked up the same sale and plan once per line (twelve lines) and its
-- cached plan carried the reversal and dispute lookups on every insert.

CREATE OR REPLACE FUNCTION commission_entries_check_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The common statement (a confirmation): one sale under one plan, no
    -- reversal and no adjustment. Its sale and plan are looked up once, not
    -- once per line, and the reversal and dispute lookups are not planned.
    -- Anything else, or anything missing, takes the full check below.
    -- (sale_id and plan_id are NOT NULL: min = max means one value.)
    IF EXISTS (
        SELECT 1
        FROM (SELECT min(sale_id) AS sale_lo, max(sale_id) AS sale_hi,
                     min(plan_id) AS plan_lo, max(plan_id) AS plan_hi,
                     bool_and(reverses_entry_id IS NULL AND dispute_id IS NULL) AS plain
              FROM new_entries) a
        WHERE a.sale_lo = a.sale_hi AND a.plan_lo = a.plan_hi AND a.plain
          AND EXISTS (SELECT 1 FROM sales s WHERE s.id = a.sale_lo)
          AND EXISTS (SELECT 1 FROM commission_plans p WHERE p.id = a.plan_lo)
          AND NOT EXISTS (SELECT 1 FROM new_entries n
                          WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = n.recipient_id))
    ) THEN
        RETURN NULL;
    END IF;
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

-- Who confirmed and under which plan: one query when both are set (every
-- confirmation), the original checks otherwise and for the error.
CREATE OR REPLACE FUNCTION sales_check_confirmation_references() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.confirmed_by IS NOT NULL AND NEW.plan_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM users WHERE id = NEW.confirmed_by)
       AND EXISTS (SELECT 1 FROM commission_plans WHERE id = NEW.plan_id) THEN
        RETURN NULL;
    END IF;
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

-- A confirmation writes its distribution and network snapshot (about 3 kB
-- of JSON together), which PostgreSQL compresses inline; pglz was a few
-- per cent of the confirmation's CPU, lz4 does the same job in a fraction
-- of it. Stored values stay as they are (each is read with the method it
-- was written with); a server built without lz4 keeps pglz.
DO $$
BEGIN
    ALTER TABLE sales ALTER COLUMN commission_distribution SET COMPRESSION lz4,
                      ALTER COLUMN tree_snapshot SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
