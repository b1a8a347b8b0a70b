-- Reading back only what changed.
--
-- Each bucket remembers the transaction that last wrote it, so a hub brings its figures up to date
-- by reading the buckets written since the database snapshot it last read (pg_current_snapshot):
-- a handful of rows after a write, whichever hub or process wrote them, instead of whole hours.
ALTER TABLE stat_buckets ADD COLUMN written_by xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX stat_buckets_written ON stat_buckets (township_code, written_by);

-- The live state (open events, active alarms, patrols under way) is read through indexes that hold
-- only the current state, so reading it costs the same after a year of history as on the first day.
CREATE INDEX events_open ON events (grid_code, status, deadline_at) WHERE status NOT IN ('closed', 'evaluated');
CREATE INDEX alarms_open ON alarms (device_code, severity) WHERE status IN ('active', 'acknowledged');
CREATE INDEX patrols_open ON patrols (last_seen_at) WHERE ended_at IS NULL;
