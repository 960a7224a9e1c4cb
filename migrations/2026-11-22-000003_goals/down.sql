DROP TABLE api_tokens;
DROP TABLE milestones;
DROP TABLE goals;
DROP TABLE metric_events;
DROP TABLE metric_definitions;
DROP TABLE periods;
