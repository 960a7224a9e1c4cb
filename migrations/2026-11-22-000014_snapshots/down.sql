ALTER TABLE job_runs DROP COLUMN run_by;
DELETE FROM job_runs WHERE source = 'admin';
ALTER TABLE job_runs DROP CONSTRAINT job_runs_source_check;
ALTER TABLE job_runs ADD CONSTRAINT job_runs_source_check
    CHECK (source IN ('schedule', 'cli'));
DROP TABLE goal_snapshots;
