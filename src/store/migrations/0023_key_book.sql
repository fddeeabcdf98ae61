-- Sealed team sync (issue 21): the newest verified key book (team/keys.json) this device has
-- read, so an older copy left in the shared place is never taken back and the lead can write
-- it again when it is missing. It holds public keys and keys sealed to devices, no secret.
ALTER TABLE sync_team ADD COLUMN keybook TEXT;
-- Compaction: the row changes sent and applied since the lead's last snapshot (the lead
-- writes a new one when enough have gathered).
ALTER TABLE sync_team ADD COLUMN snapshot_due INTEGER NOT NULL DEFAULT 0;
