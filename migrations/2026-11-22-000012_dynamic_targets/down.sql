DROP TABLE goal_objectives;
ALTER TABLE goals DROP COLUMN target_breakdown;
DROP TABLE target_factor_revisions;
DROP FUNCTION target_factor_revisions_append_only();
DROP TABLE user_target_factors;
DROP TABLE seasonal_factors;
DROP TABLE market_factors;
