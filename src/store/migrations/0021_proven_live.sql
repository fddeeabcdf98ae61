-- Posts proven live, X spending, and tokens whose expiry the platform told us (issue 19).
--
-- A job is published when the platform answered with the post's id; it is verified once
-- Tsunagu has read the post back from the platform by that id. Jobs published before this
-- version were never read back and are not read back now (that could cost money on X and
-- fail posts long since out): they keep NULL in both and read as unverified.
ALTER TABLE publish_jobs ADD COLUMN published_at TEXT;
ALTER TABLE publish_jobs ADD COLUMN verified_at TEXT;

-- What a job cost on a pay-per-use platform (X), in millionths of a US dollar, recorded when
-- it was sent; and a monthly cap per account in the same unit (NULL: no cap).
ALTER TABLE publish_jobs ADD COLUMN cost_micros INTEGER;
ALTER TABLE accounts ADD COLUMN monthly_cap_micros INTEGER CHECK (monthly_cap_micros IS NULL OR monthly_cap_micros >= 0);

-- Where an account's expiry came from: 'platform' (read from it: Meta's token debugging,
-- LinkedIn's introspection, a refresh response), 'assumed' (the platform's usual lifetime
-- counted from the paste), or NULL (never expires or not known); and when it was last read.
ALTER TABLE accounts ADD COLUMN token_expiry_source TEXT
    CHECK (token_expiry_source IS NULL OR token_expiry_source IN ('platform', 'assumed'));
ALTER TABLE accounts ADD COLUMN token_checked_at TEXT;
-- Which expiry warnings (14, 7, 1 days ahead) were already sent as OS notifications, so each
-- is sent once per expiry.
ALTER TABLE accounts ADD COLUMN expiry_warned TEXT;
