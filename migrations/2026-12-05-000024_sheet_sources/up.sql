-- Sheet sources: a CSV link (a spreadsheet published as CSV) synced into
-- metric events on a schedule, with the same rule and all-or-nothing
-- commit as the CSV import, and one log row per sync.
CREATE TABLE sheet_sources (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL CHECK (btrim(name) <> ''),
    -- Stored as entered (it may carry credentials); pages and the API show
    -- a redacted form only.
    url TEXT NOT NULL CHECK (url ~ '^https?://'),
    -- The sheet's header for each import column; NULL: the column is not
    -- in the sheet (only the optional ones may be NULL).
    col_email TEXT NOT NULL,
    col_metric TEXT NOT NULL,
    col_value TEXT NOT NULL,
    col_date TEXT NOT NULL,
    col_external_ref TEXT,
    col_note TEXT,
    col_correction_reason TEXT,
    schedule TEXT NOT NULL CHECK (schedule IN ('hourly', 'daily', 'off')),
    -- The admin whose import rights the sync uses (and who is recorded as
    -- the events' author).
    created_by BIGINT NOT NULL REFERENCES users (id),
    -- Set by the first failed sync of a streak (when the admins were
    -- told), cleared by the next good one.
    failing_since TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX sheet_sources_name_key ON sheet_sources (lower(name));

CREATE TABLE sheet_syncs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source_id BIGINT NOT NULL REFERENCES sheet_sources (id) ON DELETE CASCADE,
    started_at TIMESTAMPTZ NOT NULL,
    -- What started it: the schedule, an admin's "Sync now" (run_by), the CLI.
    trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'admin', 'cli')),
    run_by BIGINT REFERENCES users (id),
    -- ok: rows added or none new; refused: some row is invalid, nothing
    -- written; failed: the sheet could not be fetched or read; skipped:
    -- another instance was syncing.
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed', 'skipped')),
    rows_read INTEGER NOT NULL DEFAULT 0 CHECK (rows_read >= 0),
    added INTEGER NOT NULL DEFAULT 0 CHECK (added >= 0),
    skipped INTEGER NOT NULL DEFAULT 0 CHECK (skipped >= 0),
    refused INTEGER NOT NULL DEFAULT 0 CHECK (refused >= 0),
    -- The first refused rows: [{"line": 3, "reasons": [message, …]}], each
    -- message {"key": …, "args": {…}} or {"text": …}, worded when read.
    errors JSONB NOT NULL DEFAULT '[]',
    -- Why a failed sync failed, as one such message.
    failure JSONB,
    duration_ms BIGINT NOT NULL CHECK (duration_ms >= 0)
);
CREATE INDEX sheet_syncs_source_idx ON sheet_syncs (source_id, id DESC);
