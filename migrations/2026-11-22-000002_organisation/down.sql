DROP TABLE audit_log;
DROP TABLE sign_in_failures;
ALTER TABLE teams DROP CONSTRAINT teams_manager_id_fkey;
DROP TABLE users;
DROP TABLE teams;
DROP TABLE partner_tiers;
DROP TABLE partner_types;
DROP TABLE organisation;
