-- Whether this workspace is the demo (issue 17): a demo can never become a team or hold real
-- accounts. Demos made before this column existed are recognised by their device's name, which
-- the demo builder has always set to "demo".
ALTER TABLE workspace ADD COLUMN demo INTEGER NOT NULL DEFAULT 0 CHECK (demo IN (0, 1));
UPDATE workspace SET demo = 1 WHERE EXISTS (SELECT 1 FROM devices WHERE is_local = 1 AND name = 'demo');
