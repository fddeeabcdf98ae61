-- Only what each device needs (issue 21): which audiences each photo in the shared place was
-- sealed to by this device, or found readable at. A photo already up with the same audiences is
-- not read again every round; the lead seals it again when its audience widens (a draft's photo
-- once the post is published, a phone's photo once it is in a post).
CREATE TABLE sync_photos (
    sha256      TEXT PRIMARY KEY,
    audience    TEXT NOT NULL
) WITHOUT ROWID;
