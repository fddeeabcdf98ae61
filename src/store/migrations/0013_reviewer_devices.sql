-- A reviewer's laptop (issue 15): a manager approves from their own device through team sync,
-- so a device's team role may be 'reviewer'. SQLite cannot change a CHECK constraint, so the
-- two bookkeeping tables that hold a role are rebuilt with their rows (neither travels).
CREATE TABLE sync_team_new (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    team_id         TEXT NOT NULL,
    role            TEXT NOT NULL CHECK (role IN ('lead', 'ambassador', 'reviewer')),
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
INSERT INTO sync_team_new SELECT * FROM sync_team;
DROP TABLE sync_team;
ALTER TABLE sync_team_new RENAME TO sync_team;

CREATE TABLE sync_invites_new (
    nonce      TEXT PRIMARY KEY,
    person_id  TEXT NOT NULL,
    role       TEXT NOT NULL CHECK (role IN ('lead', 'ambassador', 'reviewer')),
    created_at TEXT NOT NULL,
    used_by    TEXT
);
INSERT INTO sync_invites_new SELECT * FROM sync_invites;
DROP TABLE sync_invites;
ALTER TABLE sync_invites_new RENAME TO sync_invites;
