-- Material from phones and from a watched folder (issue 18).
--
-- A material now says how its giver appears in it (checked against their consent when it
-- arrives), where it came from, and carries every photo of one sending (the first stays in
-- media_id, the others in order in extra_media, a JSON list of media ids).
ALTER TABLE materials ADD COLUMN appearance TEXT
    CHECK (appearance IS NULL OR appearance IN ('face', 'hands', 'back', 'absent', 'comment_only'));
ALTER TABLE materials ADD COLUMN origin TEXT NOT NULL DEFAULT 'app'
    CHECK (origin IN ('app', 'phone', 'folder'));
ALTER TABLE materials ADD COLUMN extra_media TEXT NOT NULL DEFAULT '[]';

-- The phone page's keys: for sending material (a person's, a request's) or for posting one
-- approved post by hand (a job's handoff). Only the SHA-256 of a token is kept: the token itself is shown once
-- (as a QR code, on screen or on a printed sheet) and lives on the phone. These rows stay on
-- this device: the intake runs here.
CREATE TABLE intake_tokens (
    id          TEXT PRIMARY KEY,
    token_sha   TEXT NOT NULL UNIQUE,
    person_id   TEXT REFERENCES people (id),
    request_id  TEXT REFERENCES requests (id),
    job_id      TEXT REFERENCES publish_jobs (id),
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT,
    sends       INTEGER NOT NULL DEFAULT 0,
    bytes       INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    CHECK (person_id IS NOT NULL OR request_id IS NOT NULL OR job_id IS NOT NULL)
);

-- Files seen in the watched folder, by the SHA-256 of their bytes, so a file is imported once
-- however often it is copied or renamed. A file is unassigned until the lead names its giver
-- (material_id then points at the material); a file that cannot be stored keeps its problem.
CREATE TABLE folder_files (
    id          TEXT PRIMARY KEY,
    sha256      TEXT NOT NULL UNIQUE,
    file_name   TEXT NOT NULL,
    size        INTEGER NOT NULL,
    modified_at TEXT,
    media_id    TEXT REFERENCES media (id),
    material_id TEXT REFERENCES materials (id),
    problem     TEXT CHECK (problem IS NULL OR problem IN ('heic', 'unreadable', 'too_big')),
    dismissed   INTEGER NOT NULL DEFAULT 0 CHECK (dismissed IN (0, 1)),
    seen_at     TEXT NOT NULL
);

-- The watched folder of this device (a path on this computer: it never travels).
ALTER TABLE workspace ADD COLUMN watch_folder TEXT;

-- A job handed to a person to post by hand (the phone page shows the approved text and images,
-- and takes the post's address back): the publisher never sends a job that is handed off.
ALTER TABLE publish_jobs ADD COLUMN handoff_at TEXT;

-- The phone page's address on this computer, and whether the app opens it by itself while a
-- request is open (between 8:00 and 19:00). Local to this device, like the watched folder.
ALTER TABLE workspace ADD COLUMN intake_bind TEXT;
ALTER TABLE workspace ADD COLUMN intake_port INTEGER;
ALTER TABLE workspace ADD COLUMN intake_auto INTEGER NOT NULL DEFAULT 0 CHECK (intake_auto IN (0, 1));
