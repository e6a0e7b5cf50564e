-- Tally core schema: sources, immutable reports, claims, incidents, places, audit log.
-- Plain SQL at the PostgreSQL 15 level: the same file runs on embedded PGlite and on a server.
-- Value lists in CHECK constraints mirror the zod enums in src/*/; src/db/schema-enums.test.ts
-- fails if the two ever drift apart.

CREATE TABLE source (
  id                 uuid PRIMARY KEY,
  kind               text NOT NULL CHECK (kind IN ('activist', 'medic', 'hospital', 'morgue', 'news_outlet', 'monitor', 'official', 'social_media')),
  pseudonym          text NOT NULL CHECK (length(pseudonym) BETWEEN 1 AND 200),
  -- Sources in one group re-report each other; only different groups corroborate.
  independence_group text NOT NULL CHECK (length(independence_group) BETWEEN 1 AND 200),
  reliability_note   text,
  -- Millisecond precision, as JavaScript and the API's cursors carry it.
  created_at         timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE INDEX source_created_idx ON source (created_at, id);

CREATE TABLE place (
  id           text PRIMARY KEY,
  parent_id    text REFERENCES place (id),
  level        text NOT NULL CHECK (level IN ('country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood')),
  country_code text NOT NULL CHECK (country_code ~ '^[A-Z]{2}$'),
  name_en      text NOT NULL,
  name_ar      text,
  alternates   text[] NOT NULL DEFAULT '{}',
  lat          double precision CHECK (lat BETWEEN -90 AND 90),
  lon          double precision CHECK (lon BETWEEN -180 AND 180),
  pcode        text,
  geonames_id  integer,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX place_parent_idx ON place (parent_id);

CREATE TABLE report (
  id           uuid PRIMARY KEY,            -- chosen by the client, so a retry is recognisable
  source_id    uuid NOT NULL REFERENCES source (id),
  channel      text NOT NULL CHECK (channel IN ('api', 'form', 'import', 'wire')),
  received_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),   -- server clock
  reported_at  timestamptz,                          -- client clock, as the client said
  language     text,
  original_text text,
  payload      jsonb,
  attachments  jsonb NOT NULL DEFAULT '[]',
  revises_id   uuid REFERENCES report (id),
  content_hash text NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$'),
  CHECK (original_text IS NOT NULL OR payload IS NOT NULL)
);
CREATE INDEX report_received_idx ON report (received_at, id);
CREATE INDEX report_source_idx ON report (source_id, received_at, id);

-- What a source said is never changed or removed: a correction is a new report.
CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% rows are append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'P0001';
END;
$$;
CREATE TRIGGER report_is_immutable BEFORE UPDATE OR DELETE ON report
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

CREATE TABLE claim (
  id                 uuid PRIMARY KEY,
  seq                bigint GENERATED ALWAYS AS IDENTITY UNIQUE,   -- keeps a report's claims in order
  report_id          uuid NOT NULL REFERENCES report (id),
  outcome            text NOT NULL CHECK (outcome IN ('killed', 'injured', 'missing', 'detained', 'displaced')),
  count_text         text,
  count_qualifier    text NOT NULL CHECK (count_qualifier IN ('exact', 'at_least', 'at_most', 'approx', 'range', 'vague', 'unknown')),
  count_min          integer CHECK (count_min >= 0),
  count_best         integer CHECK (count_best >= 0),
  count_max          integer CHECK (count_max >= 0),
  victim_text        text,
  victim_group       text NOT NULL CHECK (victim_group ~ '^[a-z][a-z0-9_]{0,39}$'),
  victim_affiliation text,
  place_text         text,
  place_id           text REFERENCES place (id),
  place_precision    text CHECK (place_precision IN ('country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood')),
  date_text          text,
  date_start         date,
  date_end           date,
  date_precision     text CHECK (date_precision IN ('day', 'week', 'month', 'year')),
  cause_text         text,
  cause              text CHECK (cause IN ('air_drone_strike', 'shelling_artillery_missile', 'armed_clash', 'sniper', 'gunfire', 'execution', 'ied_car_bomb', 'suicide_bomb', 'landmine', 'chemical', 'death_in_detention', 'torture', 'other', 'unknown')),
  perpetrator        text,
  attributed_to_text text,   -- "the Observatory said": who the report says the figure came from
  attributed_to_name text,
  cumulative         boolean NOT NULL DEFAULT false,
  part_of_id         uuid REFERENCES claim (id) DEFERRABLE INITIALLY DEFERRED,
  supersedes_id      uuid REFERENCES claim (id) DEFERRABLE INITIALLY DEFERRED,
  span_start         integer CHECK (span_start >= 0),
  span_end           integer,
  status             text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'accepted', 'rejected')),
  created_at         timestamptz NOT NULL DEFAULT now(),
  CHECK (count_min IS NULL OR count_max IS NULL OR count_min <= count_max),
  CHECK (count_best IS NULL OR count_min IS NULL OR count_min <= count_best),
  CHECK (count_best IS NULL OR count_max IS NULL OR count_best <= count_max),
  CHECK (date_start IS NULL OR date_end IS NULL OR date_start <= date_end),
  CHECK (span_start IS NULL OR span_end IS NULL OR span_start <= span_end)
);
CREATE INDEX claim_report_idx ON claim (report_id, seq);
CREATE INDEX claim_status_idx ON claim (status);

CREATE TABLE incident (
  id              uuid PRIMARY KEY,
  date_start      date NOT NULL,
  date_end        date NOT NULL,
  date_precision  text NOT NULL CHECK (date_precision IN ('day', 'week', 'month', 'year')),
  place_id        text REFERENCES place (id),
  place_text      text,
  place_precision text CHECK (place_precision IN ('country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood')),
  event_type      text CHECK (event_type IN ('battles', 'explosions_remote_violence', 'violence_against_civilians', 'protests', 'riots', 'strategic_developments')),
  sub_event_type  text,
  cause           text CHECK (cause IN ('air_drone_strike', 'shelling_artillery_missile', 'armed_clash', 'sniper', 'gunfire', 'execution', 'ied_car_bomb', 'suicide_bomb', 'landmine', 'chemical', 'death_in_detention', 'torture', 'other', 'unknown')),
  actors          jsonb NOT NULL DEFAULT '[]',
  grade           text NOT NULL DEFAULT 'unverified' CHECK (grade IN ('unverified', 'weak', 'fair', 'confirmed', 'contested', 'discounted')),
  notes           text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (date_start <= date_end)
);
CREATE INDEX incident_date_idx ON incident (date_start, id);

-- Per outcome and victim group: the range the sources support and the rule that gave each figure.
CREATE TABLE incident_count (
  incident_id  uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  outcome      text NOT NULL CHECK (outcome IN ('killed', 'injured', 'missing', 'detained', 'displaced')),
  victim_group text NOT NULL CHECK (victim_group ~ '^[a-z][a-z0-9_]{0,39}$'),
  low          integer NOT NULL CHECK (low >= 0),
  best         integer NOT NULL,
  high         integer NOT NULL,
  rule         text NOT NULL,
  PRIMARY KEY (incident_id, outcome, victim_group),
  CHECK (low <= best AND best <= high)
);

CREATE TABLE incident_claim (
  incident_id uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  claim_id    uuid NOT NULL REFERENCES claim (id),
  linked_by   text NOT NULL,
  linked_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, claim_id)
);
CREATE INDEX incident_claim_claim_idx ON incident_claim (claim_id);

CREATE TABLE audit_log (
  id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT clock_timestamp(),
  actor     text NOT NULL,
  action    text NOT NULL,
  entity    text NOT NULL,
  entity_id text NOT NULL,
  before    jsonb,
  after     jsonb,
  reason    text
);
CREATE INDEX audit_log_entity_idx ON audit_log (entity, entity_id, id);
CREATE TRIGGER audit_log_is_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
