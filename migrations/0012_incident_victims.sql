-- Which victim records are among an incident's dead. A record is what a list said and never
-- changes (victim_record_is_immutable), so the judgement that it belongs to an incident is a
-- row of its own: who made it and when, with the reason in the audit log. Removing an
-- incident removes its links, never the records.
CREATE TABLE incident_victim (
  incident_id      uuid NOT NULL REFERENCES incident (id) ON DELETE CASCADE,
  victim_record_id uuid NOT NULL REFERENCES victim_record (id),
  linked_by        text NOT NULL,
  linked_at        timestamptz NOT NULL DEFAULT date_trunc('milliseconds', now()),
  seq              bigint GENERATED ALWAYS AS IDENTITY,  -- the order of linking, within one request too
  PRIMARY KEY (incident_id, victim_record_id)
);
CREATE INDEX incident_victim_record_idx ON incident_victim (victim_record_id);
