-- Deleting posts (issue 17). A deleted post is kept, marked, so the deletion can be undone for a
-- while, its review history stays for the audit, and the deletion travels to the team as an
-- ordinary change that the receiving device checks like any other. Each deletion and each
-- restore is one row in `post_deletions` (who, when, and which kind), the audit entry.
ALTER TABLE posts ADD COLUMN deleted_at TEXT;
CREATE TABLE post_deletions (
    id            TEXT PRIMARY KEY,
    post_id       TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    actor_id      TEXT REFERENCES people (id),
    -- unpublished: it never went out; remove_only: it stays on the platforms and leaves
    -- Tsunagu; take_down: it was deleted from every platform first.
    kind          TEXT NOT NULL CHECK (kind IN ('unpublished', 'remove_only', 'take_down')),
    status_before TEXT NOT NULL,
    at            TEXT NOT NULL,
    restored_at   TEXT
);
CREATE INDEX post_deletions_post ON post_deletions (post_id, at);
