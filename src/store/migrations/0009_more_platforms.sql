-- Publishing to LinkedIn, Facebook Pages, Instagram and Threads.
-- A Facebook post sent ahead with Facebook's own scheduling stays `scheduled_remote` until its
-- time; the time Facebook was given is kept, so a post moved or paused afterwards is taken
-- back from Facebook instead of going out anyway.
ALTER TABLE publish_jobs ADD COLUMN remote_scheduled_at TEXT;
-- Instagram and Threads publish a container made first: its id is kept before publishing, so
-- an interrupted attempt publishes the same container instead of making a second post.
ALTER TABLE publish_jobs ADD COLUMN remote_container TEXT;
-- Where Instagram and Threads fetch images from (an S3-compatible bucket): JSON without the
-- secret key, which lives in the keychain.
ALTER TABLE workspace ADD COLUMN media_host TEXT;
