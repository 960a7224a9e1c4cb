ALTER TABLE users DROP COLUMN language;
ALTER TABLE organisation DROP COLUMN language;
