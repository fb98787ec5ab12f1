-- The R2 key of a recording's archived thumbnail; null when there is none or its copy failed.
ALTER TABLE recordings ADD COLUMN archive_thumbnail_key TEXT;
