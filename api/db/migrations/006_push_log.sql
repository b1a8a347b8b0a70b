-- What the screens are told, in order: every fact pushed to walls (a new event, an event's new
-- status, an alarm, a mode switch) is a row here with a per-township sequence number, written in the
-- same transaction as the fact. The counter row is locked until that transaction commits, so
-- sequence numbers commit in order: a hub that has seen N has seen everything before N, and a
-- reconnecting screen is sent exactly the rows after the last one it saw.
CREATE TABLE push_counters (
  township_code text PRIMARY KEY REFERENCES townships(code),
  seq bigint NOT NULL
);

CREATE TABLE push_log (
  township_code text NOT NULL REFERENCES townships(code),
  seq bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  kind text NOT NULL CHECK (kind IN ('event:new', 'event:updated', 'alarm:new', 'mode:changed')),
  grid_code text REFERENCES grids(code),
  payload jsonb NOT NULL,
  PRIMARY KEY (township_code, seq)
);

-- Large messages between hubs (@socket.io/postgres-adapter, used when hubs share PostgreSQL).
CREATE TABLE socket_io_attachments (
  id bigserial UNIQUE,
  created_at timestamptz DEFAULT now(),
  payload bytea
);
