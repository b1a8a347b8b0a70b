-- Alarms complete their lifecycle on every screen (issue 10): acknowledgements and clearances are
-- facts too, and a device that stops reporting raises an offline alarm.

-- What raised the alarm: a reading over a threshold, or silence. An offline alarm's value is the
-- seconds since the device was last heard and its threshold the seconds allowed.
ALTER TABLE alarms ADD COLUMN kind text NOT NULL DEFAULT 'threshold' CHECK (kind IN ('threshold', 'offline'));
-- Why it cleared: back in range, reported again, the device taken out of service.
ALTER TABLE alarms ADD COLUMN cleared_reason text CHECK (cleared_reason IN ('recovered', 'reporting', 'deactivated'));

-- When the hub last heard from the device (its clock, not the reading's own time: buffered
-- readings sent late still show the device is alive).
ALTER TABLE devices ADD COLUMN last_heard_at timestamptz;
UPDATE devices SET last_heard_at = last_reading_at;
CREATE INDEX devices_heard ON devices (last_heard_at) WHERE active;

ALTER TABLE push_log DROP CONSTRAINT push_log_kind_check;
ALTER TABLE push_log ADD CONSTRAINT push_log_kind_check
  CHECK (kind IN ('event:new', 'event:updated', 'alarm:new', 'alarm:updated', 'mode:changed', 'task:updated', 'supervision:new'));

-- At most one open offline alarm per device, even with two hubs checking at the same moment.
CREATE UNIQUE INDEX alarms_one_open_offline ON alarms (device_code) WHERE kind = 'offline' AND status IN ('active', 'acknowledged');
