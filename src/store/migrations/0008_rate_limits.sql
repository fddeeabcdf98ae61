-- Each account's rate-limit state as its platform last reported it (requests left in the
-- window, and when the window resets), so the Accounts screen can say "waiting for the
-- platform's limit until 14:05" instead of leaving a delayed post unexplained.
ALTER TABLE accounts ADD COLUMN rate_remaining INTEGER;
ALTER TABLE accounts ADD COLUMN rate_reset_at TEXT;
