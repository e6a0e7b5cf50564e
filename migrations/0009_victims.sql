-- Victims: one row per victim per list, never edited by linkage; persons as clusters of records
-- with a membership history; linkage runs and a review queue of uncertain pairs whose decisions
-- later runs reuse. Value lists mirror the zod enums in src/victims/victim.ts
-- (src/victims/schema.test.ts checks they agree).

-- A list of the dead as a monitor publishes it (VDC, SNHR, a hospital register...).
CREATE TABLE victim_list (
  id          uuid PRIMARY KEY,
  name        text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
  source_id   uuid REFERENCES source (id),
  created_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

CREATE TABLE victim_record (
  id               uuid PRIMARY KEY,
  list_id          uuid NOT NULL REFERENCES victim_list (id),
  list_row         text,                         -- the record's own id or row number in the list
  name_text        text,                         -- the name as written, in whatever script
  name_ar          text,
  name_latin       text,
  given_name       text,
  father_name      text,
  grandfather_name text,
  family_name      text,
  sex              text CHECK (sex IN ('male', 'female')),
  age_text         text,
  age_min          integer CHECK (age_min BETWEEN 0 AND 130),
  age_max          integer CHECK (age_max BETWEEN 0 AND 130),
  age_precision    text CHECK (age_precision IN ('exact', 'estimated', 'group')),
  status           text NOT NULL DEFAULT 'unknown' CHECK (status IN ('civilian', 'combatant', 'unknown')),
  affiliation      text,
  date_text        text,
  date_start       date,
  date_end         date,
  date_precision   text CHECK (date_precision IN ('day', 'month', 'year')),
  place_text       text,
  governorate_text text,
  place_id         text REFERENCES place (id),
  place_precision  text CHECK (place_precision IN ('country', 'admin1', 'admin2', 'admin3', 'locality', 'neighbourhood')),
  cause_text       text,
  notes            text,
  -- HRDAG's and OHCHR's rule: a name, a date of death and a place of death.
  fully_identified boolean GENERATED ALWAYS AS (
    name_text IS NOT NULL AND date_start IS NOT NULL
    AND (place_text IS NOT NULL OR governorate_text IS NOT NULL OR place_id IS NOT NULL)
  ) STORED,
  created_at       timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max),
  CHECK (date_start IS NULL OR date_end IS NULL OR date_start <= date_end),
  UNIQUE (list_id, list_row)
);
CREATE INDEX victim_record_created_idx ON victim_record (created_at, id);
CREATE INDEX victim_record_list_idx ON victim_record (list_id, created_at, id);
-- What a list said is kept as it said it: linkage never edits a record.
CREATE TRIGGER victim_record_is_immutable BEFORE UPDATE OR DELETE ON victim_record
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- A person is a cluster of victim records. Persons are never deleted: an emptied one stays,
-- so history and links to it still resolve.
CREATE TABLE person (
  id          uuid PRIMARY KEY,
  created_at  timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);

CREATE TABLE link_run (
  id           uuid PRIMARY KEY,
  status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
  threshold    double precision NOT NULL CHECK (threshold BETWEEN 0 AND 1),
  -- Pairs scored between these go to the review queue.
  review_below double precision NOT NULL CHECK (review_below BETWEEN 0 AND 1),
  review_above double precision NOT NULL CHECK (review_above BETWEEN 0 AND 1),
  requested_by text NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  started_at   timestamptz,
  finished_at  timestamptz,
  stats        jsonb,
  error        text
);

-- Which person a record belongs to, over time: a row is closed (valid_to) rather than changed
-- in any other way, so every merge and split can be read back and undone.
CREATE TABLE person_membership (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  victim_record_id uuid NOT NULL REFERENCES victim_record (id),
  person_id        uuid NOT NULL REFERENCES person (id),
  valid_from       timestamptz NOT NULL DEFAULT clock_timestamp(),
  valid_to         timestamptz,
  opened_by        text NOT NULL,
  open_reason      text NOT NULL,
  closed_by        text,
  close_reason     text,
  link_run_id      uuid REFERENCES link_run (id)
);
CREATE UNIQUE INDEX person_membership_current_idx ON person_membership (victim_record_id) WHERE valid_to IS NULL;
CREATE INDEX person_membership_person_idx ON person_membership (person_id) WHERE valid_to IS NULL;
CREATE INDEX person_membership_record_idx ON person_membership (victim_record_id, valid_from);

-- Pairs the model was unsure about, for a person to decide. record_a < record_b, one row per pair:
-- a later run updates the score of a pending pair and leaves decided ones alone.
CREATE TABLE link_review (
  id                uuid PRIMARY KEY,
  record_a          uuid NOT NULL REFERENCES victim_record (id),
  record_b          uuid NOT NULL REFERENCES victim_record (id),
  match_probability double precision NOT NULL CHECK (match_probability BETWEEN 0 AND 1),
  link_run_id       uuid REFERENCES link_run (id),
  status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
  reason            text,
  decided_by        text,
  decided_at        timestamptz,
  created_at        timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  CHECK (record_a < record_b),
  CHECK (status = 'pending' OR (reason IS NOT NULL AND decided_by IS NOT NULL)),
  UNIQUE (record_a, record_b)
);
CREATE INDEX link_review_pending_idx ON link_review (match_probability DESC, id) WHERE status = 'pending';
