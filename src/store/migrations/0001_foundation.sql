-- Tsunagu foundation schema.
--
-- Every area of the product has its tables from the start so that later work extends
-- rather than rebuilds. Rules that hold for every table that syncs between devices:
--   * ids are UUIDv7 strings (TEXT PRIMARY KEY);
--   * instants are UTC in RFC 3339 with a trailing 'Z' (TEXT, sorts as time);
--   * later migrations only add tables, or columns that are NULL-able or have a default.
-- A shipped migration is never edited: add a new file instead.

-- The workspace itself: one row.
CREATE TABLE workspace (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    language    TEXT NOT NULL DEFAULT 'system' CHECK (language IN ('system', 'ja', 'en')),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Devices that wrote into this workspace (this laptop, and later the team's).
CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    is_local    INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
    public_key  TEXT,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX devices_one_local ON devices (is_local) WHERE is_local = 1;

-- The change log: every domain write records one entry here in the same transaction.
-- Audit and team sync read it; nothing writes domain tables without it.
CREATE TABLE changes (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    id          TEXT NOT NULL UNIQUE,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    fields      TEXT NOT NULL,
    actor_id    TEXT,
    device_id   TEXT NOT NULL,
    source      TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX changes_entity ON changes (entity, entity_id);

-- People and organisation.
CREATE TABLE departments (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    sort_order  INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sites (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL
);
CREATE TABLE people (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    name_reading    TEXT NOT NULL DEFAULT '',
    display_name    TEXT NOT NULL,
    department_id   TEXT REFERENCES departments (id),
    site_id         TEXT REFERENCES sites (id),
    role            TEXT NOT NULL CHECK (role IN ('lead', 'reviewer', 'ambassador', 'executive')),
    -- JSON array of participation modes: face_shown, hands_only, back_view, voice_only,
    -- material_only, not_participating.
    participation   TEXT NOT NULL DEFAULT '[]',
    -- JSON object platform -> handle.
    handles         TEXT NOT NULL DEFAULT '{}',
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    left_on         TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX people_department ON people (department_id);
CREATE TABLE consents (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES people (id),
    modes           TEXT NOT NULL DEFAULT '[]',
    platforms       TEXT NOT NULL DEFAULT '[]',
    given_on        TEXT NOT NULL,
    expires_on      TEXT,
    evidence_ref    TEXT,
    withdrawn_on    TEXT
);
CREATE INDEX consents_person ON consents (person_id);

-- Planning: purposes, themes, cadence, recurring slots, templates.
CREATE TABLE purposes (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL DEFAULT 'custom'
);
CREATE TABLE themes (
    id          TEXT PRIMARY KEY,
    month       TEXT NOT NULL, -- YYYY-MM in the workspace time zone
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    color       TEXT NOT NULL DEFAULT '#6b7280'
);
CREATE INDEX themes_month ON themes (month);
CREATE TABLE cadence_targets (
    id          TEXT PRIMARY KEY,
    platform    TEXT NOT NULL,
    per_week    INTEGER NOT NULL CHECK (per_week >= 0)
);
CREATE TABLE recurring_slots (
    id          TEXT PRIMARY KEY,
    weekday     INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7), -- ISO: 1 = Monday
    local_time  TEXT NOT NULL, -- HH:MM in the workspace time zone
    title       TEXT NOT NULL,
    platform    TEXT NOT NULL,
    theme_id    TEXT REFERENCES themes (id)
);
CREATE TABLE templates (
    id          TEXT PRIMARY KEY,
    purpose     TEXT NOT NULL,
    name        TEXT NOT NULL,
    body        TEXT NOT NULL
);
CREATE TABLE hashtag_sets (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    tags        TEXT NOT NULL DEFAULT '[]'
);

-- Posts (calendar items), their per-platform variants and revisions.
CREATE TABLE posts (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN
                        ('idea', 'draft', 'in_review', 'changes_requested', 'approved',
                         'scheduled', 'published', 'failed', 'paused')),
    scheduled_at    TEXT, -- UTC instant; NULL = not on the calendar yet
    -- Comma-separated platform ids, kept in step with post_variants so the calendar
    -- reads one row per post.
    platforms       TEXT NOT NULL DEFAULT '',
    theme_id        TEXT REFERENCES themes (id),
    purpose_id      TEXT REFERENCES purposes (id),
    author_id       TEXT REFERENCES people (id),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX posts_scheduled ON posts (scheduled_at);
CREATE INDEX posts_status ON posts (status);
CREATE TABLE post_variants (
    post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    platform    TEXT NOT NULL,
    body        TEXT, -- NULL = inherits the post's main text
    PRIMARY KEY (post_id, platform)
) WITHOUT ROWID;
CREATE TABLE post_people (
    post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (post_id, person_id)
) WITHOUT ROWID;
CREATE INDEX post_people_person ON post_people (person_id);
CREATE TABLE revisions (
    id          TEXT PRIMARY KEY,
    post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    variants    TEXT NOT NULL DEFAULT '{}',
    author_id   TEXT REFERENCES people (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX revisions_post ON revisions (post_id, created_at);

-- Media: files live content-addressed in the workspace's media/ folder.
CREATE TABLE media (
    id              TEXT PRIMARY KEY,
    sha256          TEXT NOT NULL,
    mime            TEXT NOT NULL,
    bytes           INTEGER NOT NULL,
    alt_text        TEXT NOT NULL DEFAULT '',
    faces_visible   INTEGER NOT NULL DEFAULT 0 CHECK (faces_visible IN (0, 1)),
    created_at      TEXT NOT NULL
);
CREATE TABLE post_media (
    post_id     TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    media_id    TEXT NOT NULL REFERENCES media (id),
    position    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (post_id, media_id)
) WITHOUT ROWID;
CREATE TABLE media_people (
    media_id    TEXT NOT NULL REFERENCES media (id) ON DELETE CASCADE,
    person_id   TEXT NOT NULL REFERENCES people (id),
    PRIMARY KEY (media_id, person_id)
) WITHOUT ROWID;

-- Guideline sets (versioned), reviews and acknowledgements.
CREATE TABLE guideline_sets (
    id              TEXT PRIMARY KEY,
    version         INTEGER NOT NULL UNIQUE,
    title           TEXT NOT NULL,
    rules           TEXT NOT NULL DEFAULT '[]', -- JSON rule definitions
    published_at    TEXT
);
CREATE TABLE guideline_acks (
    person_id       TEXT NOT NULL REFERENCES people (id),
    guideline_id    TEXT NOT NULL REFERENCES guideline_sets (id),
    acknowledged_at TEXT NOT NULL,
    PRIMARY KEY (person_id, guideline_id)
) WITHOUT ROWID;
CREATE TABLE reviews (
    id              TEXT PRIMARY KEY,
    post_id         TEXT NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    revision_id     TEXT REFERENCES revisions (id),
    reviewer_id     TEXT REFERENCES people (id),
    decision        TEXT NOT NULL CHECK (decision IN ('approved', 'changes_requested', 'comment')),
    comment         TEXT NOT NULL DEFAULT '',
    guideline_id    TEXT REFERENCES guideline_sets (id),
    created_at      TEXT NOT NULL
);
CREATE INDEX reviews_post ON reviews (post_id);

-- Requests to people and the material they send.
CREATE TABLE requests (
    id              TEXT PRIMARY KEY,
    title           TEXT NOT NULL,
    description     TEXT NOT NULL DEFAULT '',
    theme_id        TEXT REFERENCES themes (id),
    due_on          TEXT,
    recurrence      TEXT,
    created_by      TEXT REFERENCES people (id),
    created_at      TEXT NOT NULL
);
CREATE TABLE request_assignees (
    request_id      TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    person_id       TEXT REFERENCES people (id),
    department_id   TEXT REFERENCES departments (id),
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'answered', 'declined'))
);
CREATE TABLE materials (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES people (id),
    request_id      TEXT REFERENCES requests (id),
    comment         TEXT NOT NULL DEFAULT '',
    media_id        TEXT REFERENCES media (id),
    post_id         TEXT REFERENCES posts (id),
    created_at      TEXT NOT NULL
);
CREATE TABLE recognitions (
    id              TEXT PRIMARY KEY,
    person_id       TEXT NOT NULL REFERENCES people (id),
    kind            TEXT NOT NULL CHECK (kind IN ('thanks', 'highlight')),
    note            TEXT NOT NULL,
    month           TEXT,
    created_by      TEXT REFERENCES people (id),
    created_at      TEXT NOT NULL
);

-- Platform accounts (never secrets: those live in the OS keychain) and publishing.
CREATE TABLE accounts (
    id              TEXT PRIMARY KEY,
    platform        TEXT NOT NULL,
    handle          TEXT NOT NULL,
    display_name    TEXT NOT NULL DEFAULT '',
    server_url      TEXT,
    state           TEXT NOT NULL DEFAULT 'connected',
    token_expires_at TEXT,
    created_at      TEXT NOT NULL
);
CREATE TABLE publish_jobs (
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
    UNIQUE (post_id, platform)
);
CREATE TABLE publish_attempts (
    id              TEXT PRIMARY KEY,
    job_id          TEXT NOT NULL REFERENCES publish_jobs (id) ON DELETE CASCADE,
    started_at      TEXT NOT NULL,
    finished_at     TEXT,
    outcome         TEXT,
    detail          TEXT
);
CREATE TABLE metrics (
    id              TEXT PRIMARY KEY,
    post_id         TEXT NOT NULL REFERENCES posts (id),
    platform        TEXT NOT NULL,
    captured_at     TEXT NOT NULL,
    likes           INTEGER,
    reposts         INTEGER,
    replies         INTEGER,
    quotes          INTEGER,
    impressions     INTEGER
);
CREATE INDEX metrics_post ON metrics (post_id, platform, captured_at);

-- KPIs, including those that come from outside the SNS.
CREATE TABLE kpis (
    id              TEXT PRIMARY KEY,
    purpose_id      TEXT REFERENCES purposes (id),
    name            TEXT NOT NULL,
    metric          TEXT NOT NULL,
    target          REAL,
    period          TEXT NOT NULL DEFAULT 'month'
);
CREATE TABLE kpi_values (
    id              TEXT PRIMARY KEY,
    kpi_id          TEXT NOT NULL REFERENCES kpis (id) ON DELETE CASCADE,
    period_start    TEXT NOT NULL,
    value           REAL NOT NULL,
    source          TEXT NOT NULL DEFAULT 'manual'
);
CREATE INDEX kpi_values_kpi ON kpi_values (kpi_id, period_start);
