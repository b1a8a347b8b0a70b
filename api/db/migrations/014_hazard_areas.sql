-- Hazard areas of an incident: every version kept (drawn, buffered around a point or along the river,
-- or derived from a gauge's water level), the latest being the current one.

CREATE TABLE hazard_areas (
  id bigserial PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents(id),
  version integer NOT NULL,
  method text NOT NULL CHECK (method IN ('polygon', 'point_buffer', 'river_buffer', 'water_level')),
  -- What it was made from (the drawn polygon, the point and radius, the river stretch, the gauge and level).
  params jsonb NOT NULL,
  -- The area itself (WGS84 Polygon or MultiPolygon), clipped to the township.
  geometry jsonb NOT NULL,
  area_m2 double precision NOT NULL CHECK (area_m2 > 0),
  reason text NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, version)
);

ALTER TABLE push_log DROP CONSTRAINT push_log_kind_check;
ALTER TABLE push_log ADD CONSTRAINT push_log_kind_check
  CHECK (kind IN ('event:new', 'event:updated', 'alarm:new', 'alarm:updated', 'mode:changed', 'task:updated', 'supervision:new',
    'warning:new', 'warning:updated', 'incident:updated', 'hazard:updated'));
