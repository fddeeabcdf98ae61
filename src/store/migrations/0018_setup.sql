-- The setup guide (issue 17). A workspace started for a company opens on the guide until its
-- lead finishes or skips it; workspaces made before the guide existed count as set up. A KPI
-- gets the date its target is meant to be reached by (採用エントリー 30件 by 2027-03-31).
ALTER TABLE workspace ADD COLUMN setup_done INTEGER NOT NULL DEFAULT 1 CHECK (setup_done IN (0, 1));
ALTER TABLE kpis ADD COLUMN target_by TEXT;
