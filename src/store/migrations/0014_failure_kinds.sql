-- A publishing failure is stored with its kind, a code the windows translate, beside the
-- English detail; and whether the runner gave up after its attempts. Rows written before
-- this version keep their detail and read as kind "other".
ALTER TABLE publish_jobs ADD COLUMN last_error_kind TEXT;
ALTER TABLE publish_jobs ADD COLUMN gave_up INTEGER NOT NULL DEFAULT 0 CHECK (gave_up IN (0, 1));
UPDATE publish_jobs SET gave_up = 1 WHERE state = 'failed' AND last_error LIKE 'Gave up after %';
