-- Early warning (预警): rules per township and the warnings they raise, each with its evidence.

CREATE TABLE warning_rules (
  township_code text NOT NULL REFERENCES townships(code),
  code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('threshold', 'rate_of_rise', 'cluster', 'overdue', 'vulnerable_near_alarm')),
  name text NOT NULL,
  level text NOT NULL CHECK (level IN ('blue', 'yellow', 'orange', 'red')),
  params jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  -- The condition must stay clear this long before the hub resolves the warning itself.
  hold_minutes integer NOT NULL DEFAULT 30 CHECK (hold_minutes >= 0),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (township_code, code)
);

CREATE TABLE warnings (
  id bigserial PRIMARY KEY,
  township_code text NOT NULL,
  rule_code text NOT NULL,
  kind text NOT NULL,
  level text NOT NULL CHECK (level IN ('blue', 'yellow', 'orange', 'red')),
  subject text NOT NULL,
  title text NOT NULL,
  evidence jsonb NOT NULL,
  grid_code text REFERENCES grids(code),
  lon double precision,
  lat double precision,
  status text NOT NULL DEFAULT 'raised' CHECK (status IN ('raised', 'acknowledged', 'resolved')),
  raised_at timestamptz NOT NULL DEFAULT now(),
  acknowledged_by text,
  acknowledged_at timestamptz,
  resolved_by text,
  resolved_at timestamptz,
  resolution text,
  -- Since when the rule's condition no longer holds (null while it does).
  clear_since timestamptz,
  -- False for a warning a person resolved while its condition still held: the same subject is not
  -- warned of again until the condition has cleared once (no warning comes straight back).
  rearmed boolean NOT NULL DEFAULT true,
  -- The incident opened from it (the foreign key comes with the incidents table).
  incident_id bigint,
  FOREIGN KEY (township_code, rule_code) REFERENCES warning_rules (township_code, code)
);
-- Never duplicated while open, even with two hubs evaluating at the same moment.
CREATE UNIQUE INDEX warnings_one_open ON warnings (township_code, rule_code, subject) WHERE status <> 'resolved';
CREATE INDEX warnings_not_rearmed ON warnings (township_code, rule_code, subject) WHERE NOT rearmed;
CREATE INDEX warnings_raised ON warnings (township_code, raised_at);

ALTER TABLE push_log DROP CONSTRAINT push_log_kind_check;
ALTER TABLE push_log ADD CONSTRAINT push_log_kind_check
  CHECK (kind IN ('event:new', 'event:updated', 'alarm:new', 'alarm:updated', 'mode:changed', 'task:updated', 'supervision:new',
    'warning:new', 'warning:updated'));
