-- The writing assistant (issue 23). It is off until an endpoint is set on a computer (kept in
-- that computer's keychain). An endpoint outside this machine and the office network (a cloud
-- service) is used only when the lead turns this on for the workspace.
ALTER TABLE workspace ADD COLUMN assistant_cloud INTEGER NOT NULL DEFAULT 0
    CHECK (assistant_cloud IN (0, 1));
-- What the assistant was asked and what it answered about a post, kept as the post's history
-- so a reviewer sees what the assistant wrote: personal data, people's names and confidential
-- terms are stored replaced by placeholders, whatever the endpoint received.
CREATE TABLE assistant_notes (
    id          TEXT PRIMARY KEY,
    post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    task        TEXT NOT NULL CHECK (task IN ('draft', 'fit', 'alt', 'explain', 'plan')),
    place       TEXT NOT NULL CHECK (place IN ('this_machine', 'office', 'cloud')),
    model       TEXT NOT NULL,
    request     TEXT NOT NULL,
    answer      TEXT NOT NULL,
    person_id   TEXT REFERENCES people (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX assistant_notes_post ON assistant_notes (post_id, created_at);
