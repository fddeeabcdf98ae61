-- The approval guarantee at the exit (issue 15). Each publish job carries the content hash it
-- was approved with and that hash's parts (so a difference can be named), and a "may have
-- arrived" mark that only a successful check against the platform clears. Each approval
-- names the device it was made on (two reviewers are two people on two keys) and whether it
-- was a lone lead's approval of her own post.
ALTER TABLE publish_jobs ADD COLUMN approved_hash TEXT;
ALTER TABLE publish_jobs ADD COLUMN approved_parts TEXT;
ALTER TABLE publish_jobs ADD COLUMN may_have_arrived INTEGER NOT NULL DEFAULT 0 CHECK (may_have_arrived IN (0, 1));
ALTER TABLE review_log ADD COLUMN device_id TEXT;
ALTER TABLE review_log ADD COLUMN self_approved INTEGER NOT NULL DEFAULT 0 CHECK (self_approved IN (0, 1));
ALTER TABLE review_log ADD COLUMN signature TEXT;

-- Jobs made before this version carry the hash of the approval that made them.
UPDATE publish_jobs SET approved_hash = (
    SELECT r.content_hash FROM review_log r
    WHERE r.post_id = publish_jobs.post_id AND r.action = 'approved'
    ORDER BY r.rowid DESC LIMIT 1
);
-- A job whose post was published or that was in flight may already be on the platform.
UPDATE publish_jobs SET may_have_arrived = 1 WHERE state IN ('in_flight', 'published', 'scheduled_remote');

-- Changes kept aside because they came from a newer Tsunagu are tried again after an upgrade.
ALTER TABLE sync_quarantine ADD COLUMN retry_after_upgrade INTEGER NOT NULL DEFAULT 0 CHECK (retry_after_upgrade IN (0, 1));
