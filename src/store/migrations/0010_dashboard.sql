-- The dashboard and the monthly report (issue 8).
-- Success stories: a post marked as one that worked, with what happened ("three applicants
-- mentioned it"). They lead the monthly report.
CREATE TABLE success_stories (
    post_id     TEXT PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
    note        TEXT NOT NULL,
    marked_by   TEXT REFERENCES people (id),
    marked_at   TEXT NOT NULL
);
-- The latest reading of each post on each platform, kept by a trigger on every metrics row
-- whoever writes it (the metrics pass, sync, an import), so the dashboard reads one row per
-- post and platform instead of searching a time series of millions of readings. Derived
-- data: it is not synced or logged; the readings in `metrics` are the record.
CREATE TABLE metrics_latest (
    post_id     TEXT NOT NULL,
    platform    TEXT NOT NULL,
    captured_at TEXT NOT NULL,
    likes       INTEGER,
    reposts     INTEGER,
    replies     INTEGER,
    quotes      INTEGER,
    impressions INTEGER,
    PRIMARY KEY (post_id, platform)
) WITHOUT ROWID;
INSERT INTO metrics_latest (post_id, platform, captured_at, likes, reposts, replies, quotes, impressions)
    SELECT post_id, platform, max(captured_at), likes, reposts, replies, quotes, impressions
    FROM metrics GROUP BY post_id, platform;
CREATE TRIGGER metrics_keep_latest AFTER INSERT ON metrics
BEGIN
    INSERT INTO metrics_latest (post_id, platform, captured_at, likes, reposts, replies, quotes, impressions)
    VALUES (NEW.post_id, NEW.platform, NEW.captured_at, NEW.likes, NEW.reposts, NEW.replies, NEW.quotes, NEW.impressions)
    ON CONFLICT (post_id, platform) DO UPDATE SET
        captured_at = excluded.captured_at, likes = excluded.likes, reposts = excluded.reposts,
        replies = excluded.replies, quotes = excluded.quotes, impressions = excluded.impressions
    WHERE excluded.captured_at >= metrics_latest.captured_at;
END;
