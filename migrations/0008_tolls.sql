-- Consolidation, grading and tolls: what makes claims into incidents and incidents into the
-- figures a monitor publishes. Plain SQL at the PostgreSQL 15 level (same file on PGlite).

-- Where an incident lies in the admin hierarchy, kept on the row so tolls and incident
-- filters by province or district need no walk up the place tree at query time.
ALTER TABLE incident ADD COLUMN country_id text REFERENCES place (id);
ALTER TABLE incident ADD COLUMN admin1_id text REFERENCES place (id);
ALTER TABLE incident ADD COLUMN admin2_id text REFERENCES place (id);
-- 'analyst' rows are made by hand; 'consolidated' rows belong to consolidateIncidents, which may
-- rewrite or remove them on its next run.
ALTER TABLE incident ADD COLUMN origin text NOT NULL DEFAULT 'analyst' CHECK (origin IN ('analyst', 'consolidated'));
ALTER TABLE incident ADD COLUMN grade_reason text;
ALTER TABLE incident ADD COLUMN source_count integer NOT NULL DEFAULT 0 CHECK (source_count >= 0);
CREATE INDEX incident_admin1_idx ON incident (admin1_id, date_start, id);
CREATE INDEX incident_grade_idx ON incident (grade, date_start, id);

-- The rule behind each figure, and how many independence groups stand behind the count.
ALTER TABLE incident_count ADD COLUMN low_rule text;
ALTER TABLE incident_count ADD COLUMN best_rule text;
ALTER TABLE incident_count ADD COLUMN high_rule text;
ALTER TABLE incident_count ADD COLUMN source_groups text[] NOT NULL DEFAULT '{}';

-- Why a claim is linked: counted, kept but not counted (superseded), or a total whose
-- breakdowns are counted instead (part_of), so the link itself explains the arithmetic.
ALTER TABLE incident_claim ADD COLUMN role text NOT NULL DEFAULT 'counted' CHECK (role IN ('counted', 'superseded', 'breakdown_total', 'uncounted'));

-- Consolidation asks of every claim whether its report was corrected, and running totals
-- whether a cumulative figure was superseded: both look up the newer row by the older one's id.
CREATE INDEX report_revises_idx ON report (revises_id) WHERE revises_id IS NOT NULL;
CREATE INDEX claim_supersedes_idx ON claim (supersedes_id) WHERE supersedes_id IS NOT NULL;

-- Country, admin1 and admin2 of a place: the place itself or its nearest ancestor at each level.
CREATE FUNCTION place_admin_ids(start_id text, OUT country_id text, OUT admin1_id text, OUT admin2_id text)
LANGUAGE sql STABLE AS $$
  WITH RECURSIVE chain AS (
    SELECT id, parent_id, level, 0 AS depth FROM place WHERE id = start_id
    UNION ALL
    SELECT p.id, p.parent_id, p.level, chain.depth + 1 FROM place p JOIN chain ON p.id = chain.parent_id
    WHERE chain.depth < 12
  )
  SELECT (SELECT id FROM chain WHERE level = 'country' ORDER BY depth LIMIT 1),
         (SELECT id FROM chain WHERE level = 'admin1' ORDER BY depth LIMIT 1),
         (SELECT id FROM chain WHERE level = 'admin2' ORDER BY depth LIMIT 1)
$$;

CREATE FUNCTION incident_set_admin_ids() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT a.country_id, a.admin1_id, a.admin2_id INTO NEW.country_id, NEW.admin1_id, NEW.admin2_id
  FROM place_admin_ids(NEW.place_id) a;
  RETURN NEW;
END;
$$;
CREATE TRIGGER incident_admin_ids BEFORE INSERT OR UPDATE OF place_id ON incident
  FOR EACH ROW EXECUTE FUNCTION incident_set_admin_ids();

-- Pre-aggregated facts for tolls: one row per incident, outcome and victim group, with the
-- incident's day, area and grade copied in, so a toll is one range scan and a GROUP BY.
-- Group 'all' is everyone in the incident: the consolidator's roll-up when it gave one,
-- otherwise the largest single group (never a sum of groups that may overlap).
CREATE TABLE toll_fact (
  incident_id   uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  outcome       text NOT NULL,
  victim_group  text NOT NULL,
  day           date NOT NULL,
  date_end      date NOT NULL,
  country_id    text,
  admin1_id     text,
  admin2_id     text,
  grade         text NOT NULL,
  cause         text,
  low           integer NOT NULL,
  best          integer NOT NULL,
  high          integer NOT NULL,
  source_groups text[] NOT NULL DEFAULT '{}',
  PRIMARY KEY (incident_id, outcome, victim_group)
);
-- Covering: a toll reads the index alone (no heap visits), whatever order facts were written in.
-- Grade first: headline tolls skip the weak and unverified facts instead of filtering them.
CREATE INDEX toll_fact_grade_day_idx ON toll_fact (grade, day)
  INCLUDE (outcome, victim_group, country_id, admin1_id, admin2_id, cause, low, best, high, source_groups);

CREATE FUNCTION refresh_toll_facts(ids uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM toll_fact WHERE incident_id = ANY(ids);
  INSERT INTO toll_fact (incident_id, outcome, victim_group, day, date_end, country_id, admin1_id, admin2_id,
                         grade, cause, low, best, high, source_groups)
  SELECT i.id, c.outcome, c.victim_group, i.date_start, i.date_end, i.country_id, i.admin1_id, i.admin2_id,
         i.grade, i.cause, c.low, c.best, c.high, c.source_groups
  FROM incident i JOIN incident_count c ON c.incident_id = i.id
  WHERE i.id = ANY(ids)
  UNION ALL
  SELECT i.id, c.outcome, 'all', i.date_start, i.date_end, i.country_id, i.admin1_id, i.admin2_id,
         i.grade, i.cause, max(c.low), max(c.best), max(c.high),
         ARRAY(SELECT DISTINCT g FROM incident_count c2, unnest(c2.source_groups) g
               WHERE c2.incident_id = i.id AND c2.outcome = c.outcome ORDER BY g)
  FROM incident i JOIN incident_count c ON c.incident_id = i.id
  WHERE i.id = ANY(ids)
    AND NOT EXISTS (SELECT 1 FROM incident_count a WHERE a.incident_id = i.id AND a.outcome = c.outcome AND a.victim_group = 'all')
  GROUP BY i.id, c.outcome;
$$;

-- Any path that changes an incident or its counts (consolidation, an analyst's patch) keeps the
-- facts in step: the facts can never disagree with the incidents they summarise.
CREATE FUNCTION toll_fact_after_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_toll_facts(ARRAY[COALESCE(NEW.incident_id, OLD.incident_id)]);
  RETURN NULL;
END;
$$;
CREATE TRIGGER incident_count_toll_facts AFTER INSERT OR UPDATE OR DELETE ON incident_count
  FOR EACH ROW EXECUTE FUNCTION toll_fact_after_count();

CREATE FUNCTION toll_fact_after_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM refresh_toll_facts(ARRAY[NEW.id]);
  RETURN NULL;
END;
$$;
CREATE TRIGGER incident_toll_facts AFTER UPDATE OF date_start, date_end, place_id, grade, cause ON incident
  FOR EACH ROW EXECUTE FUNCTION toll_fact_after_incident();

-- Analysts' decisions that consolidation re-applies on every run, in id order.
-- merge/attach: the claims stay together (attach also keeps incident_id as the incident's id);
-- split: each group of claim ids stays apart from the others; detach: the claim stays apart
-- from the other claims; grade: the incident holding these claims gets this grade.
CREATE TABLE incident_decision (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text NOT NULL CHECK (kind IN ('merge', 'split', 'attach', 'detach', 'grade')),
  incident_id uuid,
  claim_ids   uuid[] NOT NULL DEFAULT '{}',
  apart_from  uuid[] NOT NULL DEFAULT '{}',
  groups      jsonb,
  grade       text CHECK (grade IN ('unverified', 'weak', 'fair', 'confirmed', 'contested', 'discounted')),
  reason      text,
  actor       text NOT NULL,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- An analyst closes an area's day (the count is final) or marks its reporting disrupted.
CREATE TABLE toll_closure (
  place_id  text NOT NULL REFERENCES place (id),
  day       date NOT NULL,
  actor     text NOT NULL,
  reason    text,
  closed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (place_id, day)
);

CREATE TABLE reporting_disruption (
  id         uuid PRIMARY KEY,
  place_id   text NOT NULL REFERENCES place (id),
  since      date NOT NULL,
  until      date,
  reason     text NOT NULL,
  actor      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (until IS NULL OR since <= until)
);
CREATE INDEX reporting_disruption_place_idx ON reporting_disruption (place_id, since);

-- Published tolls and bulletins: the snapshot as published, never changed; a revision is a
-- new row pointing at the one it replaces, with the changes and the reason.
CREATE TABLE toll_publication (
  id           uuid PRIMARY KEY,
  kind         text NOT NULL CHECK (kind IN ('tolls', 'bulletin')),
  query_key    text NOT NULL,
  query        jsonb NOT NULL,
  body         jsonb NOT NULL,
  changes      jsonb NOT NULL DEFAULT '[]',
  revises_id   uuid REFERENCES toll_publication (id),
  reason       text,
  actor        text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now())
);
CREATE INDEX toll_publication_key_idx ON toll_publication (kind, query_key, published_at);
CREATE INDEX toll_publication_at_idx ON toll_publication (published_at, id);
CREATE TRIGGER toll_publication_is_immutable BEFORE UPDATE OR DELETE ON toll_publication
  FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- The incidents behind a published snapshot, as they stood when it was published (the public
-- fields only): what the public read API serves beside the figures. Never changed.
CREATE TABLE toll_publication_incident (
  publication_id uuid NOT NULL REFERENCES toll_publication (id),
  incident_id    uuid NOT NULL,
  snapshot       jsonb NOT NULL,
  PRIMARY KEY (publication_id, incident_id)
);
CREATE TRIGGER toll_publication_incident_is_immutable BEFORE UPDATE OR DELETE ON toll_publication_incident
  FOR EACH ROW EXECUTE FUNCTION refuse_change();
