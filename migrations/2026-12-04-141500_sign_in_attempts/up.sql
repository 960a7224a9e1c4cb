-- Sign-in attempts counted per scope before the password is checked:
-- an account from one client address, a client address over all accounts,
-- and an account from everywhere. Replaces the per-email failure counter.
CREATE TABLE sign_in_attempts (
    scope TEXT NOT NULL CHECK (scope IN ('account_at_address', 'address', 'account')),
    key TEXT NOT NULL,
    -- Attempts counted in the window (each one verified a password).
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Attempts refused because the window was full.
    refused INTEGER NOT NULL DEFAULT 0 CHECK (refused >= 0),
    window_started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);

DROP TABLE sign_in_failures;
