DROP TABLE seasonal_weights;
DROP TABLE yearly_goals;
DROP TABLE goal_sheets;
DROP TABLE goal_revisions;
DROP FUNCTION goal_revisions_append_only();
