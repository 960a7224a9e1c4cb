DROP TRIGGER organisation_change_epoch ON organisation;
DROP TRIGGER metric_definitions_change_epoch ON metric_definitions;
DROP TRIGGER periods_change_epoch ON periods;
DROP TRIGGER teams_change_epoch ON teams;
DROP TRIGGER users_change_epoch ON users;
DROP TRIGGER goals_change_epoch ON goals;
DROP TRIGGER metric_events_change_epoch ON metric_events;
DROP FUNCTION bump_change_epoch();
DROP TABLE change_epoch;
