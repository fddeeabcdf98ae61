-- Templates and hashtag sets ship in Japanese and English; each row says which.
ALTER TABLE templates ADD COLUMN language TEXT NOT NULL DEFAULT 'ja';
ALTER TABLE hashtag_sets ADD COLUMN language TEXT NOT NULL DEFAULT 'ja';
