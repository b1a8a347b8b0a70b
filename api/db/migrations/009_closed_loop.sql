-- The room's daily work (issue 9): the event catalogue (事项清单) and its departments, reports linked
-- to an open event as duplicates, deadlines that are pushed when they near and pass, linked dispatch
-- (联勤联动) as tasks, supervision (督办) and escalation to the county (对上承接) through an outbox.

-- Departments answer for catalogue items and own response forces.
CREATE TABLE departments (
  code text PRIMARY KEY,
  township_code text NOT NULL REFERENCES townships(code),
  name text NOT NULL,
  kind text NOT NULL,
  village_code text REFERENCES villages(code),
  contact_name text NOT NULL,
  phone text NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
CREATE INDEX departments_township ON departments (township_code);

ALTER TABLE response_forces ADD COLUMN department_code text REFERENCES departments(code);

-- An item's deadlines and run card are copied onto an event when it is taken in: editing the item
-- later never changes an event's deadline.
CREATE TABLE event_items (
  code text PRIMARY KEY,
  township_code text NOT NULL REFERENCES townships(code),
  category text NOT NULL,
  name text NOT NULL,
  default_level text NOT NULL CHECK (default_level IN ('general', 'significant', 'major', 'extraordinary')),
  department_code text NOT NULL REFERENCES departments(code),
  deadline_hours jsonb NOT NULL,
  run_card jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by text NOT NULL
);
CREATE INDEX event_items_township ON event_items (township_code, category);

ALTER TABLE events ADD COLUMN item_code text REFERENCES event_items(code);
ALTER TABLE events ADD COLUMN reports integer NOT NULL DEFAULT 1;
ALTER TABLE events ADD COLUMN supervisions integer NOT NULL DEFAULT 0;
-- When the event counts as nearing its deadline (a share of its time used, fixed at intake).
ALTER TABLE events ADD COLUMN nearing_at timestamptz;
UPDATE events SET nearing_at = accepted_at + (deadline_at - accepted_at) * 0.8;
ALTER TABLE events ALTER COLUMN nearing_at SET NOT NULL;
-- Set once by whichever hub pushes the moment first (several hubs share the database).
ALTER TABLE events ADD COLUMN nearing_pushed_at timestamptz;
ALTER TABLE events ADD COLUMN overdue_pushed_at timestamptz;
UPDATE events SET nearing_pushed_at = now() WHERE nearing_at <= now();
UPDATE events SET overdue_pushed_at = now() WHERE deadline_at < now();
CREATE INDEX events_nearing_due ON events (nearing_at) WHERE nearing_pushed_at IS NULL AND status NOT IN ('closed', 'evaluated');
CREATE INDEX events_overdue_due ON events (deadline_at) WHERE overdue_pushed_at IS NULL AND status NOT IN ('closed', 'evaluated');
-- Duplicates are looked for among open events of a category, recent first.
CREATE INDEX events_open_category ON events (township_code, category, accepted_at) WHERE status NOT IN ('closed', 'evaluated');

-- A further report of an open event: counted once, as the event.
CREATE TABLE event_reports (
  id bigserial PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES events(id),
  external_id text UNIQUE,
  source text NOT NULL,
  title text NOT NULL,
  content text NOT NULL DEFAULT '',
  reporter_name text,
  reporter_phone text,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  distance_m double precision NOT NULL,
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  received_by text NOT NULL,
  -- A wrong match undone: the report became an event of its own.
  unlinked_at timestamptz,
  unlinked_to bigint REFERENCES events(id)
);
CREATE INDEX event_reports_event ON event_reports (event_id);

-- Linked dispatch. The foundation's placeholder table held nothing yet.
DROP TABLE dispatch_tasks;

CREATE TABLE dispatches (
  id bigserial PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES events(id),
  by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  note text
);

CREATE TABLE tasks (
  id bigserial PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES events(id),
  dispatch_id bigint NOT NULL REFERENCES dispatches(id),
  party_kind text NOT NULL CHECK (party_kind IN ('department', 'force', 'worker')),
  party_code text NOT NULL,
  party_name text NOT NULL,
  status text NOT NULL DEFAULT 'notified' CHECK (status IN ('notified', 'accepted', 'arrived', 'done', 'refused', 'cancelled')),
  instructions text NOT NULL DEFAULT '',
  due_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  status_at timestamptz NOT NULL DEFAULT now(),
  accepted_at timestamptz,
  arrived_at timestamptz,
  done_at timestamptz,
  reason text,
  feedback text
);
CREATE INDEX tasks_event ON tasks (event_id);
-- Who is busy now, and the open tasks of the dispatch board.
CREATE INDEX tasks_open ON tasks (party_kind, party_code) WHERE status IN ('notified', 'accepted', 'arrived');

CREATE TABLE supervisions (
  id bigserial PRIMARY KEY,
  event_id bigint NOT NULL REFERENCES events(id),
  kind text NOT NULL CHECK (kind IN ('manual', 'overdue')),
  text text NOT NULL,
  by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  recipients jsonb NOT NULL DEFAULT '[]'
);
CREATE INDEX supervisions_event ON supervisions (event_id);
CREATE INDEX supervisions_at ON supervisions (at);

-- The outbox the county side reads (GET /escalations) and that a webhook is fed from, with retries.
CREATE TABLE escalations (
  id bigserial PRIMARY KEY,
  township_code text NOT NULL REFERENCES townships(code),
  event_id bigint NOT NULL UNIQUE REFERENCES events(id),
  reason text NOT NULL,
  by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  payload jsonb NOT NULL,
  delivered_at timestamptz,
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error text
);
CREATE INDEX escalations_undelivered ON escalations (next_attempt_at) WHERE delivered_at IS NULL;

-- Integration keys for departments' and forces' field apps (tasks) and for the county centre (county).
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check
  CHECK (cardinality(scopes) > 0 AND scopes <@ ARRAY['events', 'readings', 'patrol', 'points', 'tasks', 'county']);

-- The screens hear of tasks and notices through the fact log, like events and alarms.
ALTER TABLE push_log DROP CONSTRAINT push_log_kind_check;
ALTER TABLE push_log ADD CONSTRAINT push_log_kind_check
  CHECK (kind IN ('event:new', 'event:updated', 'alarm:new', 'mode:changed', 'task:updated', 'supervision:new'));
