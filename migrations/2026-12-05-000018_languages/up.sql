-- The language people read: the organisation's default, and each user's
-- own choice (NULL: follow the organisation).
ALTER TABLE organisation
    ADD COLUMN language TEXT NOT NULL DEFAULT 'en'
        CONSTRAINT organisation_language_known CHECK (language IN ('en', 'ko'));
ALTER TABLE users
    ADD COLUMN language TEXT
        CONSTRAINT users_language_known CHECK (language IN ('en', 'ko'));
