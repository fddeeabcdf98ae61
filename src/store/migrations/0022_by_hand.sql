-- Accounts posted by hand (issue 19): an account the lead marks so (Instagram without a media
-- host, a LinkedIn page before the company's app is vetted, any account) has its jobs handed
-- to a person with a kit at their time instead of being sent. Channels without an API (LINE
-- VOOM, note, TikTok) always are, with or without an account.
ALTER TABLE accounts ADD COLUMN by_hand INTEGER NOT NULL DEFAULT 0 CHECK (by_hand IN (0, 1));
