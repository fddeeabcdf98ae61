-- Groups too small to show (issue 22): the temperature map, the report and the digest never
-- show a figure for a group of fewer people than this; such departments are merged into
-- 「その他」, or hidden when even that is too small. A workspace setting, 3 by default.
ALTER TABLE workspace ADD COLUMN min_group_size INTEGER NOT NULL DEFAULT 3
    CHECK (min_group_size BETWEEN 2 AND 50);
