-- Gazetteer: what the resolver needs beyond 0001's place table.
-- population ranks homonyms (the larger town is the likelier meaning); kind says what sort
-- of place a row is (governorate, city, neighbourhood, military_post, checkpoint, hospital...);
-- origin tells the shipped gazetteer from places users added or imported.
ALTER TABLE place ADD COLUMN population integer CHECK (population >= 0);
ALTER TABLE place ADD COLUMN kind text CHECK (kind IS NULL OR kind ~ '^[a-z][a-z0-9_]{0,39}$');
ALTER TABLE place ADD COLUMN origin text NOT NULL DEFAULT 'user' CHECK (origin IN ('gazetteer', 'user', 'import'));
CREATE INDEX place_origin_idx ON place (origin);
CREATE INDEX place_geonames_idx ON place (geonames_id) WHERE geonames_id IS NOT NULL;
CREATE INDEX place_pcode_idx ON place (pcode) WHERE pcode IS NOT NULL;
