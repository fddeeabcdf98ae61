-- Review and the audit log. Every step of a post's review is one row: who did what, to which
-- content (a hash of its text, variants and images), under which guideline version, with the
-- checklist items ticked. Voided approvals are rows too, so nothing is silently undone.
CREATE TABLE review_log (
    id                TEXT PRIMARY KEY,
    post_id           TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    action            TEXT NOT NULL CHECK (action IN ('submitted', 'approved', 'changes_requested', 'voided')),
    actor_id          TEXT REFERENCES people (id),
    content_hash      TEXT NOT NULL DEFAULT '',
    guideline_version INTEGER,
    checklist         TEXT NOT NULL DEFAULT '[]',
    comment           TEXT NOT NULL DEFAULT '',
    at                TEXT NOT NULL
);
CREATE INDEX review_log_post ON review_log (post_id, at);

-- Whether an approval needs a second reviewer (off unless the workspace turns it on).
ALTER TABLE workspace ADD COLUMN second_reviewer INTEGER NOT NULL DEFAULT 0 CHECK (second_reviewer IN (0, 1));
-- The crisis pause: when it began (NULL when there is none), and each post it paused with the
-- status to give back on resume.
ALTER TABLE workspace ADD COLUMN crisis_since TEXT;
ALTER TABLE posts ADD COLUMN crisis_paused_from TEXT;
-- Who uses this device, so reviews and requests name a person.
ALTER TABLE devices ADD COLUMN person_id TEXT REFERENCES people (id);
