DROP TABLE job_runs;
DROP TABLE goal_reminders;
DROP TABLE notifications;
