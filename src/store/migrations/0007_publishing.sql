-- Publishing. An account's identity on its platform (a Bluesky DID) and its last problem; a
-- job's claim (which runner holds it, since when) so that two runners never publish the same
-- job; and an index for finding due jobs. Secrets are never stored here: they live in the OS
-- keychain under the account's id.
ALTER TABLE accounts ADD COLUMN remote_id TEXT;
ALTER TABLE accounts ADD COLUMN last_error TEXT;
ALTER TABLE publish_jobs ADD COLUMN claimed_by TEXT;
ALTER TABLE publish_jobs ADD COLUMN claimed_at TEXT;
CREATE INDEX publish_jobs_due ON publish_jobs (state, next_attempt_at);
