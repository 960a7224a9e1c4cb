DROP TABLE commission_entries;
DROP FUNCTION commission_entries_append_only();
DROP TABLE sale_status_changes;
DROP TABLE sales;
DROP TABLE commission_plans;
DROP TABLE approval_rules;
