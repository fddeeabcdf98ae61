-- A weekly cadence per account (issue 17): 公式X three times a week, 採用X twice. A target
-- without an account counts every post on its platform, as before.
ALTER TABLE cadence_targets ADD COLUMN account_id TEXT;
