-- Several accounts per platform (issue 17): a company has a 公式 and a 採用 X account, and a
-- post names the accounts it goes out through.
--
-- Accounts get a colour on the calendar and one default per platform (the account a post that
-- names only its platform goes out through). The oldest account of each platform becomes its
-- default, which is the account jobs were bound to until now.
ALTER TABLE accounts ADD COLUMN colour TEXT;
ALTER TABLE accounts ADD COLUMN is_default INTEGER NOT NULL DEFAULT 0 CHECK (is_default IN (0, 1));
UPDATE accounts SET is_default = 1 WHERE id IN (
    SELECT (SELECT a2.id FROM accounts a2 WHERE a2.platform = a1.platform AND a2.state != 'disconnected'
            ORDER BY a2.created_at, a2.id LIMIT 1)
    FROM accounts a1 GROUP BY a1.platform
);

-- The accounts a post names. Accounts stay on the publishing device, so the id is plain text
-- (no foreign key): on another device it names an account that device does not hold. A post
-- that names no account of a platform goes out through that platform's default.
CREATE TABLE post_accounts (
    post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    account_id  TEXT NOT NULL,
    platform    TEXT NOT NULL,
    PRIMARY KEY (post_id, account_id)
) WITHOUT ROWID;

-- One job per post and account instead of per post and platform. SQLite cannot drop a table
-- constraint, so the table is rebuilt; the attempts that point at its rows are kept aside
-- and put back, so no job, attempt or claim is lost.
CREATE TEMP TABLE kept_attempts AS SELECT * FROM publish_attempts;
CREATE TABLE publish_jobs_new (
    id              TEXT PRIMARY KEY,
    post_id         TEXT NOT NULL REFERENCES posts (id),
    platform        TEXT NOT NULL,
    account_id      TEXT REFERENCES accounts (id),
    state           TEXT NOT NULL DEFAULT 'pending',
    idempotency_key TEXT NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    remote_id       TEXT,
    remote_url      TEXT,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    claimed_by      TEXT,
    claimed_at      TEXT,
    remote_scheduled_at TEXT,
    remote_container TEXT,
    approved_hash   TEXT,
    approved_parts  TEXT,
    may_have_arrived INTEGER NOT NULL DEFAULT 0 CHECK (may_have_arrived IN (0, 1)),
    last_error_kind TEXT,
    gave_up         INTEGER NOT NULL DEFAULT 0 CHECK (gave_up IN (0, 1))
);
INSERT INTO publish_jobs_new (id, post_id, platform, account_id, state, idempotency_key, attempts,
        next_attempt_at, remote_id, remote_url, last_error, created_at, claimed_by, claimed_at,
        remote_scheduled_at, remote_container, approved_hash, approved_parts, may_have_arrived,
        last_error_kind, gave_up)
    SELECT id, post_id, platform, account_id, state, idempotency_key, attempts,
        next_attempt_at, remote_id, remote_url, last_error, created_at, claimed_by, claimed_at,
        remote_scheduled_at, remote_container, approved_hash, approved_parts, may_have_arrived,
        last_error_kind, gave_up
    FROM publish_jobs;
DROP TABLE publish_jobs;
ALTER TABLE publish_jobs_new RENAME TO publish_jobs;
CREATE UNIQUE INDEX publish_jobs_target ON publish_jobs (post_id, platform, coalesce(account_id, ''));
CREATE INDEX publish_jobs_due ON publish_jobs (state, next_attempt_at);
INSERT INTO publish_attempts SELECT * FROM kept_attempts;
DROP TABLE kept_attempts;

-- Readings name the account they were read through, and the latest reading is kept per post,
-- platform and account (two accounts can carry the same post).
ALTER TABLE metrics ADD COLUMN account_id TEXT;
UPDATE metrics SET account_id = (
    SELECT j.account_id FROM publish_jobs j WHERE j.post_id = metrics.post_id AND j.platform = metrics.platform
);
DROP TRIGGER metrics_keep_latest;
DROP TABLE metrics_latest;
CREATE TABLE metrics_latest (
    post_id     TEXT NOT NULL,
    platform    TEXT NOT NULL,
    account_key TEXT NOT NULL DEFAULT '',
    captured_at TEXT NOT NULL,
    likes       INTEGER,
    reposts     INTEGER,
    replies     INTEGER,
    quotes      INTEGER,
    impressions INTEGER,
    PRIMARY KEY (post_id, platform, account_key)
) WITHOUT ROWID;
INSERT INTO metrics_latest (post_id, platform, account_key, captured_at, likes, reposts, replies, quotes, impressions)
    SELECT post_id, platform, coalesce(account_id, ''), max(captured_at), likes, reposts, replies, quotes, impressions
    FROM metrics GROUP BY post_id, platform, coalesce(account_id, '');
CREATE TRIGGER metrics_keep_latest AFTER INSERT ON metrics
BEGIN
    INSERT INTO metrics_latest (post_id, platform, account_key, captured_at, likes, reposts, replies, quotes, impressions)
    VALUES (NEW.post_id, NEW.platform, coalesce(NEW.account_id, ''), NEW.captured_at, NEW.likes, NEW.reposts, NEW.replies, NEW.quotes, NEW.impressions)
    ON CONFLICT (post_id, platform, account_key) DO UPDATE SET
        captured_at = excluded.captured_at, likes = excluded.likes, reposts = excluded.reposts,
        replies = excluded.replies, quotes = excluded.quotes, impressions = excluded.impressions
    WHERE excluded.captured_at >= metrics_latest.captured_at;
END;
