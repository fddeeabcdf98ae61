-- Team sync (issue 9). These tables are the sync engine's own bookkeeping and never travel:
-- which team this device is in, how far it has read every other device's log, the field
-- versions that tell concurrent edits from later ones, and what was refused.

-- One row once this workspace is in a team.
CREATE TABLE sync_team (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    team_id         TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('lead', 'ambassador')),
    lead_key        TEXT NOT NULL,
    device_key      TEXT NOT NULL,
    person_id       TEXT,
    transport       TEXT NOT NULL,
    roster          TEXT,
    roster_version  INTEGER NOT NULL DEFAULT 0,
    exported_seq    INTEGER NOT NULL DEFAULT 0,
    sent_until      TEXT NOT NULL DEFAULT '',
    log_seq         INTEGER NOT NULL DEFAULT 0,
    log_hash        TEXT NOT NULL DEFAULT '',
    hlc             INTEGER NOT NULL DEFAULT 0,
    outbox_name     TEXT,
    outbox          BLOB,
    last_sync_at    TEXT,
    last_sync_error TEXT,
    created_at      TEXT NOT NULL
);

-- How far each other device's log has been applied here.
CREATE TABLE sync_peers (
    device_key   TEXT PRIMARY KEY,
    applied_seq  INTEGER NOT NULL DEFAULT 0,
    applied_hash TEXT NOT NULL DEFAULT ''
);

-- The newest versions of a field: one row normally; more than one is a conflict (edits
-- neither device had seen). No row means the version everyone started from.
CREATE TABLE sync_fields (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    field      TEXT NOT NULL,
    device_key TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    hlc        INTEGER NOT NULL,
    value      TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id, field, device_key, seq)
);

-- Operations (or whole segments) that were refused: kept, shown, never applied.
CREATE TABLE sync_quarantine (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    device_key TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    idx        INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    op         TEXT NOT NULL,
    at         TEXT NOT NULL,
    UNIQUE (device_key, seq, idx)
);

-- Invites the lead handed out, until a device uses one.
CREATE TABLE sync_invites (
    nonce      TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('lead', 'ambassador')),
    created_at TEXT NOT NULL,
    used_by    TEXT
);
