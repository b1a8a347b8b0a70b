-- Hourly statistics buckets, written in the same transaction as the rows they count, so a restarted
-- or second hub reads the same figures without scanning the raw rows. Keys (see api/stats/keys.ts):
--   ev, ev.level.<level>, ev.cat.<category>, ev.src.<source>   events, at their acceptance hour
--   cl (sum = seconds to close), cl.ontime, cl.h.<i>           events closed, at their closing hour
--   rd.<device type> (count, sum, min, max)                    readings, at their measurement hour
--   pt.w.<worker> (sum = points)                               points, at their action hour
-- `hour` is the start of a UTC clock hour (China time has whole-hour offsets, so days and months
-- in China time are whole hours too).
CREATE TABLE stat_buckets (
  township_code text NOT NULL REFERENCES townships(code),
  hour timestamptz NOT NULL,
  grid_code text NOT NULL REFERENCES grids(code),
  key text NOT NULL,
  count bigint NOT NULL DEFAULT 0,
  sum double precision NOT NULL DEFAULT 0,
  min double precision,
  max double precision,
  PRIMARY KEY (township_code, hour, grid_code, key)
);
CREATE INDEX stat_buckets_hour ON stat_buckets (township_code, hour);

-- Backfill from rows written before this migration, with the same keys as api/stats/raw.ts.
INSERT INTO stat_buckets (township_code, hour, grid_code, key, count, sum)
SELECT e.township_code, to_timestamp(floor(extract(epoch FROM e.accepted_at) / 3600) * 3600), e.grid_code, k.key, count(*), 0
FROM events e CROSS JOIN LATERAL (VALUES ('ev'), ('ev.level.' || e.level), ('ev.cat.' || e.category), ('ev.src.' || e.source)) AS k(key)
GROUP BY 1, 2, 3, 4;

INSERT INTO stat_buckets (township_code, hour, grid_code, key, count, sum)
SELECT e.township_code, to_timestamp(floor(extract(epoch FROM e.closed_at) / 3600) * 3600), e.grid_code, k.key, count(*), sum(k.seconds)
FROM events e CROSS JOIN LATERAL (VALUES
  ('cl', extract(epoch FROM e.closed_at - e.accepted_at)),
  ('cl.h.' || CASE
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 0.25 THEN 0
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 0.5 THEN 1
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 1 THEN 2
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 2 THEN 3
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 4 THEN 4
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 8 THEN 5
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 12 THEN 6
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 24 THEN 7
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 48 THEN 8
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 72 THEN 9
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 168 THEN 10
     WHEN extract(epoch FROM e.closed_at - e.accepted_at) / 3600.0 <= 720 THEN 11
     ELSE 12 END, 0)) AS k(key, seconds)
WHERE e.closed_at IS NOT NULL
GROUP BY 1, 2, 3, 4;

INSERT INTO stat_buckets (township_code, hour, grid_code, key, count, sum)
SELECT e.township_code, to_timestamp(floor(extract(epoch FROM e.closed_at) / 3600) * 3600), e.grid_code, 'cl.ontime', count(*), 0
FROM events e WHERE e.closed_at IS NOT NULL AND e.closed_at <= e.deadline_at
GROUP BY 1, 2, 3;

INSERT INTO stat_buckets (township_code, hour, grid_code, key, count, sum, min, max)
SELECT v.township_code, to_timestamp(floor(extract(epoch FROM r.ts) / 3600) * 3600), d.grid_code, 'rd.' || d.type, count(*), sum(r.value), min(r.value), max(r.value)
FROM readings r JOIN devices d ON d.code = r.device_code JOIN grids g ON g.code = d.grid_code JOIN villages v ON v.code = g.village_code
GROUP BY 1, 2, 3, 4;

INSERT INTO stat_buckets (township_code, hour, grid_code, key, count, sum)
SELECT v.township_code, to_timestamp(floor(extract(epoch FROM l.ts) / 3600) * 3600), w.grid_code, 'pt.w.' || l.worker_code, count(*), sum(l.points)
FROM points_ledger l JOIN workers w ON w.code = l.worker_code JOIN grids g ON g.code = w.grid_code JOIN villages v ON v.code = g.village_code
GROUP BY 1, 2, 3, 4;
