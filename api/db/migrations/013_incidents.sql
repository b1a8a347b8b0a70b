-- Incidents (突发事件): what an emergency is for. A leader opens one from an event, an alarm or a
-- warning with a response level, switches the room to emergency for it, and closes it afterwards.

CREATE TABLE incident_counters (
  township_code text NOT NULL REFERENCES townships(code),
  year integer NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (township_code, year)
);

CREATE TABLE incidents (
  id bigserial PRIMARY KEY,
  township_code text NOT NULL REFERENCES townships(code),
  number text NOT NULL UNIQUE,
  title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('flood', 'geo_hazard', 'fire', 'hazmat', 'other')),
  response_level text NOT NULL CHECK (response_level IN ('IV', 'III', 'II', 'I')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  from_kind text CHECK (from_kind IN ('event', 'alarm', 'warning')),
  from_id bigint,
  opened_by text NOT NULL,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_by text,
  closed_at timestamptz,
  close_reason text,
  CHECK ((from_kind IS NULL) = (from_id IS NULL))
);
CREATE INDEX incidents_township ON incidents (township_code, opened_at);

-- Every change of an incident's response level, the first one included.
CREATE TABLE incident_levels (
  id bigserial PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents(id),
  response_level text NOT NULL CHECK (response_level IN ('IV', 'III', 'II', 'I')),
  reason text NOT NULL,
  set_by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE warnings ADD CONSTRAINT warnings_incident FOREIGN KEY (incident_id) REFERENCES incidents(id);
-- A switch to emergency names its incident; the old reference to an event stays for old rows.
ALTER TABLE mode_switches ADD COLUMN incident_id bigint REFERENCES incidents(id);
CREATE INDEX mode_switches_incident ON mode_switches (incident_id);

ALTER TABLE push_log DROP CONSTRAINT push_log_kind_check;
ALTER TABLE push_log ADD CONSTRAINT push_log_kind_check
  CHECK (kind IN ('event:new', 'event:updated', 'alarm:new', 'alarm:updated', 'mode:changed', 'task:updated', 'supervision:new',
    'warning:new', 'warning:updated', 'incident:updated'));
