-- The people shown in a post, repeated on the post row (comma-separated ids) so the calendar
-- reads a month from one table, as it does for platforms. post_people stays the source of
-- truth; the write path keeps both in step. The backfill derives the column from existing
-- rows: it is a schema change, not a domain write, so it records no change entries.
ALTER TABLE posts ADD COLUMN people TEXT NOT NULL DEFAULT '';
UPDATE posts SET people = (
    SELECT group_concat(person_id) FROM post_people WHERE post_id = posts.id
) WHERE id IN (SELECT post_id FROM post_people);
