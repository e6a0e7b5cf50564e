-- Evidence: photos, videos and audio that sources send, kept byte for byte and content-addressed
-- by SHA-256, with provenance, an append-only chain of custody, perceptual hashes for
-- near-duplicates, and a verification record. Value lists mirror the zod enums in
-- src/evidence/evidence.ts (src/evidence/schema.test.ts checks they agree).

-- A resumable upload in progress. The bytes live in <dataDir>/evidence/uploads/<id> until the
-- declared SHA-256 is confirmed; the file size on disk, not a column, is the upload offset.
CREATE TABLE evidence_upload (
  id              uuid PRIMARY KEY,                 -- chosen by the client or the server
  declared_sha256 text NOT NULL CHECK (declared_sha256 ~ '^[0-9a-f]{64}$'),
  length          bigint NOT NULL CHECK (length > 0),
  provenance      jsonb NOT NULL,                   -- what the client declared, as validated
  created_by      text NOT NULL,
  status          text NOT NULL DEFAULT 'receiving' CHECK (status IN ('receiving', 'complete', 'rejected')),
  rejection       text,
  item_id         uuid,
  created_at      timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  finished_at     timestamptz
);
CREATE INDEX evidence_upload_open_idx ON evidence_upload (created_at) WHERE status = 'receiving';

-- One row per distinct original: the same bytes sent twice are one blob.
CREATE TABLE evidence_blob (
  sha256            text PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size              bigint NOT NULL CHECK (size > 0),
  media_type        text NOT NULL,
  stored_at         timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  fixity_status     text NOT NULL DEFAULT 'intact' CHECK (fixity_status IN ('intact', 'altered', 'missing')),
  fixity_checked_at timestamptz
);

-- One row per submission: two sources sending the same file are two items sharing one blob.
CREATE TABLE evidence_item (
  id                   uuid PRIMARY KEY,
  sha256               text NOT NULL REFERENCES evidence_blob (sha256),
  upload_id            uuid UNIQUE REFERENCES evidence_upload (id),
  media_type           text NOT NULL,
  size                 bigint NOT NULL CHECK (size > 0),
  original_filename    text,
  source_id            uuid REFERENCES source (id),
  report_id            uuid REFERENCES report (id),
  channel              text NOT NULL CHECK (channel IN ('upload', 'import')),
  submitted_by         text NOT NULL,
  received_at          timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),   -- server clock
  -- What the submitter said about capture, kept apart from what the file says.
  declared_captured_at timestamptz,
  declared_place_text  text,
  declared_lat         double precision CHECK (declared_lat BETWEEN -90 AND 90),
  declared_lon         double precision CHECK (declared_lon BETWEEN -180 AND 180),
  -- What the file says (EXIF/XMP or container metadata) and which tool read it.
  file_metadata        jsonb,
  analysis_status      text NOT NULL DEFAULT 'pending' CHECK (analysis_status IN ('pending', 'done', 'failed')),
  analysis_error       text,
  exact_duplicate_of   uuid REFERENCES evidence_item (id),
  verification_status  text NOT NULL DEFAULT 'unverified'
    CHECK (verification_status IN ('unverified', 'in_review', 'verified', 'inconclusive', 'rejected')),
  status_changed_at    timestamptz
);
CREATE INDEX evidence_item_sha_idx ON evidence_item (sha256, received_at);
CREATE INDEX evidence_item_received_idx ON evidence_item (received_at, id);
CREATE INDEX evidence_item_pending_idx ON evidence_item (received_at) WHERE analysis_status = 'pending';

-- Chain of custody: every event on an item, in order, never changed.
CREATE TABLE evidence_custody (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id uuid NOT NULL REFERENCES evidence_item (id),
  at      timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor   text NOT NULL,
  event   text NOT NULL CHECK (event IN ('received', 'hashed', 'analysed', 'viewed', 'exported', 'derived', 'checked', 'verified', 'linked', 'fixity_checked')),
  details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX evidence_custody_item_idx ON evidence_custody (item_id, id);
CREATE TRIGGER evidence_custody_is_append_only BEFORE UPDATE OR DELETE ON evidence_custody
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Working copies: never the original, always naming the parent and how they were made.
CREATE TABLE evidence_derivative (
  id            uuid PRIMARY KEY,
  item_id       uuid NOT NULL REFERENCES evidence_item (id),
  parent_sha256 text NOT NULL REFERENCES evidence_blob (sha256),
  kind          text NOT NULL CHECK (kind IN ('thumbnail', 'public')),
  sha256        text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  size          bigint NOT NULL CHECK (size > 0),
  media_type    text NOT NULL,
  tool          text NOT NULL,
  tool_version  text NOT NULL,
  parameters    jsonb NOT NULL,
  created_by    text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE INDEX evidence_derivative_item_idx ON evidence_derivative (item_id, kind, created_at);

-- 64-bit DCT perceptual hashes: one for a photo, one per sampled frame of a video.
CREATE TABLE evidence_phash (
  item_id    uuid NOT NULL REFERENCES evidence_item (id),
  seq        integer NOT NULL CHECK (seq >= 0),
  at_seconds double precision,
  hash       bigint NOT NULL,
  PRIMARY KEY (item_id, seq)
);

-- "Probably the same footage": flagged for a person to judge, never merged automatically.
CREATE TABLE evidence_near_duplicate (
  item_id         uuid NOT NULL REFERENCES evidence_item (id),
  earlier_item_id uuid NOT NULL REFERENCES evidence_item (id),
  distance        integer NOT NULL CHECK (distance BETWEEN 0 AND 64),
  matched_frames  double precision NOT NULL CHECK (matched_frames BETWEEN 0 AND 1),
  method          text NOT NULL,
  flagged_at      timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (item_id, earlier_item_id),
  CHECK (item_id <> earlier_item_id)
);
CREATE INDEX evidence_near_duplicate_earlier_idx ON evidence_near_duplicate (earlier_item_id);

-- Verification: each check with its method and result, and each status change with its reason.
CREATE TABLE evidence_check (
  id          uuid PRIMARY KEY,
  item_id     uuid NOT NULL REFERENCES evidence_item (id),
  kind        text NOT NULL CHECK (kind IN ('source_check', 'geolocation', 'chronolocation', 'content_consistency', 'earlier_copy_found', 'metadata_consistency')),
  method      text NOT NULL,
  result      text NOT NULL CHECK (result IN ('supports', 'contradicts', 'inconclusive')),
  notes       text,
  reviewer    text NOT NULL,
  recorded_by text NOT NULL,
  at          timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE INDEX evidence_check_item_idx ON evidence_check (item_id, at);
CREATE TRIGGER evidence_check_is_append_only BEFORE UPDATE OR DELETE ON evidence_check
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE evidence_status_change (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id     uuid NOT NULL REFERENCES evidence_item (id),
  from_status text NOT NULL,
  to_status   text NOT NULL CHECK (to_status IN ('unverified', 'in_review', 'verified', 'inconclusive', 'rejected')),
  reviewer    text NOT NULL,
  notes       text NOT NULL CHECK (length(notes) > 0),
  recorded_by text NOT NULL,
  at          timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE INDEX evidence_status_change_item_idx ON evidence_status_change (item_id, id);
CREATE TRIGGER evidence_status_change_is_append_only BEFORE UPDATE OR DELETE ON evidence_status_change
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE evidence_incident (
  item_id     uuid NOT NULL REFERENCES evidence_item (id),
  incident_id uuid NOT NULL REFERENCES incident (id),
  linked_by   text NOT NULL,
  linked_at   timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (item_id, incident_id)
);
CREATE INDEX evidence_incident_incident_idx ON evidence_incident (incident_id);

-- Victims live in victim_record (src/victims/), built separately: linked by id without a
-- foreign key so this migration does not depend on that one.
CREATE TABLE evidence_victim (
  item_id   uuid NOT NULL REFERENCES evidence_item (id),
  victim_id uuid NOT NULL,
  linked_by text NOT NULL,
  linked_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  PRIMARY KEY (item_id, victim_id)
);
CREATE INDEX evidence_victim_victim_idx ON evidence_victim (victim_id);
