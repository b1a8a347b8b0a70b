-- Emergency impact analysis (issue 10): households as points with their residents, the township's
-- schematic elevation grid for the flood fill and the wall's terrain, and the household each key
-- person lives in.

-- One row per household (示意 in the demo): the grid's households and population are these rows'
-- count and sum of residents.
CREATE TABLE households (
  code text PRIMARY KEY,
  township_code text NOT NULL REFERENCES townships(code),
  grid_code text NOT NULL REFERENCES grids(code),
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  residents integer NOT NULL CHECK (residents > 0)
);
CREATE INDEX households_grid ON households (grid_code);
CREATE INDEX households_township ON households (township_code);

-- The elevation grid as gis-data ships it: elevation.json as the header, elevation.bin's bytes as the
-- heights (little-endian int16 decimetres, row-major from the north-west cell; see contract/gis.ts).
CREATE TABLE terrain (
  township_code text PRIMARY KEY REFERENCES townships(code),
  header jsonb NOT NULL,
  heights bytea NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now()
);

-- Nullable: a person imported before households were, or from data without them.
ALTER TABLE key_people ADD COLUMN household_code text REFERENCES households(code);
CREATE INDEX key_people_household ON key_people (household_code);
