-- Covering indexes for the contribution ledger. It reads, over many months, who started each
-- post and when, and which published posts fell in which month with their writer and the
-- people shown. Both read from these indexes alone, without touching the wide post rows
-- (bodies, variants), which keeps the ledger of a large workspace in a few milliseconds.
CREATE INDEX posts_created_author ON posts (created_at, author_id);
CREATE INDEX posts_published ON posts (status, scheduled_at, author_id, people, id);

-- Recognition never ranks people unless the workspace chooses to (off by default).
ALTER TABLE workspace ADD COLUMN public_ranking INTEGER NOT NULL DEFAULT 0 CHECK (public_ranking IN (0, 1));
