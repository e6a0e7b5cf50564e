-- One row per report the extractor has read: which extractor and how many claims it proposed.
-- The primary key makes extraction happen once per report however many workers race for it,
-- and a sweep finds wire reports that still lack a row (a job lost in a crash).
CREATE TABLE report_extraction (
  report_id    uuid PRIMARY KEY REFERENCES report (id),
  extractor    text NOT NULL,
  claims       integer NOT NULL CHECK (claims >= 0),
  extracted_at timestamptz NOT NULL DEFAULT now()
);
