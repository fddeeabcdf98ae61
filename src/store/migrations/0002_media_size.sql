-- Image dimensions, known once an image is imported. NULL-able: older rows and devices
-- that do not know them stay valid.
ALTER TABLE media ADD COLUMN width INTEGER;
ALTER TABLE media ADD COLUMN height INTEGER;
ALTER TABLE media ADD COLUMN file_name TEXT;
