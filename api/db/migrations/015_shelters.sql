-- Evacuation to shelters (转移安置): arrivals recorded per incident and shelter (a field app posts
-- them). Occupancy is their sum; a shelter's capacity is on its place row.

CREATE TABLE shelter_arrivals (
  id bigserial PRIMARY KEY,
  township_code text NOT NULL REFERENCES townships(code),
  incident_id bigint NOT NULL REFERENCES incidents(id),
  shelter_code text NOT NULL REFERENCES places(code),
  people integer NOT NULL CHECK (people BETWEEN 1 AND 10000),
  -- The sender's own id of this arrival: sent again, it is the same arrival.
  external_id text,
  note text NOT NULL DEFAULT '',
  reported_by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (township_code, external_id)
);
CREATE INDEX shelter_arrivals_incident ON shelter_arrivals (incident_id, shelter_code);

-- A shelter filling up is a warning like any other.
ALTER TABLE warning_rules DROP CONSTRAINT warning_rules_kind_check;
ALTER TABLE warning_rules ADD CONSTRAINT warning_rules_kind_check
  CHECK (kind IN ('threshold', 'rate_of_rise', 'cluster', 'overdue', 'vulnerable_near_alarm', 'shelter_full'));

ALTER TABLE push_log DROP CONSTRAINT push_log_kind_check;
ALTER TABLE push_log ADD CONSTRAINT push_log_kind_check
  CHECK (kind IN ('event:new', 'event:updated', 'alarm:new', 'alarm:updated', 'mode:changed', 'task:updated', 'supervision:new',
    'warning:new', 'warning:updated', 'incident:updated', 'hazard:updated', 'shelter:updated'));
