-- The whole domain of ../shared/DOMAIN.md. Geometry is GeoJSON (jsonb) with a bbox
-- [west, south, east, north] for cheap prefiltering; points are plain lon/lat (WGS84).
-- Personal fields are stored in full and masked on output by the hub.

-- Places in the administrative hierarchy ------------------------------------------------

CREATE TABLE townships (
  code text PRIMARY KEY,
  name text NOT NULL,
  county_code text NOT NULL,
  county_name text NOT NULL,
  geometry jsonb NOT NULL,
  bbox double precision[] NOT NULL CHECK (cardinality(bbox) = 4),
  schematic boolean NOT NULL DEFAULT false,
  attribution text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE villages (
  code text PRIMARY KEY,
  township_code text NOT NULL REFERENCES townships(code),
  name text NOT NULL,
  full_name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('村', '社区')),
  geometry jsonb NOT NULL,
  bbox double precision[] NOT NULL CHECK (cardinality(bbox) = 4),
  schematic boolean NOT NULL DEFAULT false
);
CREATE INDEX villages_township ON villages (township_code);

CREATE TABLE grids (
  code text PRIMARY KEY,
  village_code text NOT NULL REFERENCES villages(code),
  name text NOT NULL,
  geometry jsonb NOT NULL,
  bbox double precision[] NOT NULL CHECK (cardinality(bbox) = 4),
  population integer NOT NULL DEFAULT 0 CHECK (population >= 0),
  households integer NOT NULL DEFAULT 0 CHECK (households >= 0),
  schematic boolean NOT NULL DEFAULT false
);
CREATE INDEX grids_village ON grids (village_code);

-- Context layers drawn on the map but not part of the hierarchy (county outline, river).
CREATE TABLE map_layers (
  township_code text NOT NULL REFERENCES townships(code),
  name text NOT NULL,
  geojson jsonb NOT NULL,
  PRIMARY KEY (township_code, name)
);

-- People (人) ---------------------------------------------------------------------------

CREATE TABLE key_people (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  grid_code text NOT NULL REFERENCES grids(code),
  name text NOT NULL,
  id_number text NOT NULL,
  phone text,
  address text,
  groups text[] NOT NULL CHECK (cardinality(groups) > 0),
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX key_people_grid ON key_people (grid_code);
CREATE INDEX key_people_groups ON key_people USING gin (groups);

-- Grid leaders and workers (网格长/网格员); a user account may be linked later.
CREATE TABLE workers (
  code text PRIMARY KEY,
  name text NOT NULL,
  grid_code text NOT NULL REFERENCES grids(code),
  role text NOT NULL CHECK (role IN ('grid_leader', 'grid_worker')),
  phone text,
  active boolean NOT NULL DEFAULT true
);
CREATE INDEX workers_grid ON workers (grid_code);

-- Places (地) ---------------------------------------------------------------------------

CREATE TABLE places (
  code text PRIMARY KEY,
  grid_code text NOT NULL REFERENCES grids(code),
  name text NOT NULL,
  kind text NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  capacity integer CHECK (capacity IS NULL OR capacity >= 0),
  attrs jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX places_grid ON places (grid_code);
CREATE INDEX places_kind ON places (kind);

-- Things (物): devices, readings, alarms --------------------------------------------------

CREATE TABLE devices (
  code text PRIMARY KEY,
  grid_code text NOT NULL REFERENCES grids(code),
  place_code text REFERENCES places(code),
  name text NOT NULL,
  type text NOT NULL,
  unit text NOT NULL DEFAULT '',
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  normal_min double precision NOT NULL,
  normal_max double precision NOT NULL,
  warn_above double precision NOT NULL,
  critical_above double precision NOT NULL CHECK (critical_above >= warn_above),
  active boolean NOT NULL DEFAULT true,
  last_value double precision,
  last_reading_at timestamptz
);
CREATE INDEX devices_grid ON devices (grid_code);
CREATE INDEX devices_type ON devices (type);

CREATE TABLE readings (
  id bigserial PRIMARY KEY,
  device_code text NOT NULL REFERENCES devices(code),
  ts timestamptz NOT NULL,
  value double precision NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX readings_device_ts ON readings (device_code, ts);
CREATE INDEX readings_received ON readings (received_at);

CREATE TABLE alarms (
  id bigserial PRIMARY KEY,
  device_code text NOT NULL REFERENCES devices(code),
  severity text NOT NULL CHECK (severity IN ('warning', 'critical')),
  value double precision NOT NULL,
  threshold double precision NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'acknowledged', 'cleared')),
  raised_at timestamptz NOT NULL,
  acknowledged_by text,
  acknowledged_at timestamptz,
  cleared_at timestamptz,
  event_id bigint
);
CREATE INDEX alarms_status ON alarms (status);
CREATE INDEX alarms_device ON alarms (device_code, raised_at);

-- Events (事) and their closed loop -------------------------------------------------------

CREATE TABLE event_counters (
  township_code text NOT NULL REFERENCES townships(code),
  day date NOT NULL,
  last integer NOT NULL,
  PRIMARY KEY (township_code, day)
);

CREATE TABLE events (
  id bigserial PRIMARY KEY,
  number text NOT NULL UNIQUE,
  external_id text UNIQUE,
  township_code text NOT NULL REFERENCES townships(code),
  grid_code text NOT NULL REFERENCES grids(code),
  title text NOT NULL,
  content text NOT NULL DEFAULT '',
  category text NOT NULL,
  level text NOT NULL CHECK (level IN ('general', 'significant', 'major', 'extraordinary')),
  source text NOT NULL,
  status text NOT NULL DEFAULT 'accepted'
    CHECK (status IN ('accepted', 'assigned', 'handling', 'feedback', 'verifying', 'closed', 'evaluated')),
  reporter_name text,
  reporter_phone text,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  datum_in text NOT NULL DEFAULT 'WGS84',
  occurred_at timestamptz NOT NULL,
  accepted_at timestamptz NOT NULL DEFAULT now(),
  deadline_at timestamptz NOT NULL,
  closed_at timestamptz,
  evaluation smallint CHECK (evaluation BETWEEN 1 AND 5),
  escalated_at timestamptz,
  alarm_id bigint REFERENCES alarms(id)
);
CREATE INDEX events_township_accepted ON events (township_code, accepted_at);
CREATE INDEX events_status ON events (status);
CREATE INDEX events_grid ON events (grid_code);

ALTER TABLE alarms ADD CONSTRAINT alarms_event FOREIGN KEY (event_id) REFERENCES events(id);

CREATE TABLE event_log (
  id bigserial PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES events(id),
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  from_status text,
  to_status text,
  note text
);
CREATE INDEX event_log_event ON event_log (event_id, at);

-- Organizations (组织): response forces and linked dispatch (联勤联动) ---------------------

CREATE TABLE response_forces (
  code text PRIMARY KEY,
  township_code text NOT NULL REFERENCES townships(code),
  grid_code text REFERENCES grids(code),
  name text NOT NULL,
  kind text NOT NULL,
  members integer NOT NULL CHECK (members >= 0),
  phone text,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  available boolean NOT NULL DEFAULT true
);

CREATE TABLE dispatch_tasks (
  id bigserial PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES events(id),
  force_code text REFERENCES response_forces(code),
  grid_code text REFERENCES grids(code),
  worker_code text REFERENCES workers(code),
  department text,
  status text NOT NULL DEFAULT 'dispatched'
    CHECK (status IN ('dispatched', 'accepted', 'arrived', 'done', 'cancelled')),
  instructions text NOT NULL DEFAULT '',
  feedback text,
  dispatched_by text NOT NULL,
  dispatched_at timestamptz NOT NULL DEFAULT now(),
  due_at timestamptz,
  done_at timestamptz,
  CHECK (force_code IS NOT NULL OR grid_code IS NOT NULL OR worker_code IS NOT NULL OR department IS NOT NULL)
);
CREATE INDEX dispatch_tasks_event ON dispatch_tasks (event_id);

-- Points (积分) ---------------------------------------------------------------------------

CREATE TABLE points_rules (
  code text PRIMARY KEY,
  name text NOT NULL,
  points integer NOT NULL,
  applies_to text NOT NULL DEFAULT 'worker' CHECK (applies_to IN ('worker', 'resident')),
  status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'declared', 'approved', 'retired')),
  proposed_by text,
  approved_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  approved_at timestamptz
);

CREATE TABLE points_ledger (
  id bigserial PRIMARY KEY,
  external_id text UNIQUE,
  rule_code text NOT NULL REFERENCES points_rules(code),
  worker_code text NOT NULL REFERENCES workers(code),
  points integer NOT NULL,
  ts timestamptz NOT NULL,
  note text,
  recorded_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX points_ledger_ts ON points_ledger (ts);
CREATE INDEX points_ledger_worker ON points_ledger (worker_code);

-- Patrols (巡查) --------------------------------------------------------------------------

CREATE TABLE patrols (
  id bigserial PRIMARY KEY,
  worker_code text NOT NULL REFERENCES workers(code),
  started_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  ended_at timestamptz,
  items jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX patrols_worker ON patrols (worker_code, last_seen_at);

CREATE TABLE patrol_points (
  id bigserial PRIMARY KEY,
  patrol_id bigint NOT NULL REFERENCES patrols(id),
  worker_code text NOT NULL REFERENCES workers(code),
  ts timestamptz NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  grid_code text REFERENCES grids(code)
);
CREATE INDEX patrol_points_patrol ON patrol_points (patrol_id, ts);
CREATE INDEX patrol_points_ts ON patrol_points (ts);

-- Users, roles, audit, modes ----------------------------------------------------------------

CREATE TABLE users (
  id bigserial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  password_hash text,
  role text NOT NULL CHECK (role IN ('leader', 'duty_officer', 'grid_leader', 'grid_worker', 'display', 'admin')),
  township_code text REFERENCES townships(code),
  village_code text REFERENCES villages(code),
  grid_code text REFERENCES grids(code),
  worker_code text REFERENCES workers(code),
  must_change_password boolean NOT NULL DEFAULT true,
  failed_attempts integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text,
  detail jsonb NOT NULL DEFAULT '{}',
  ip text
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE TABLE mode_switches (
  id bigserial PRIMARY KEY,
  township_code text NOT NULL REFERENCES townships(code),
  mode text NOT NULL CHECK (mode IN ('peacetime', 'emergency')),
  incident_event_id bigint REFERENCES events(id),
  reason text NOT NULL,
  switched_by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX mode_switches_township ON mode_switches (township_code, at);
