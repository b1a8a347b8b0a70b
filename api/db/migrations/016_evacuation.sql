-- Evacuation (转移安置): rounds of an incident's evacuation, each vulnerable person assigned once per
-- incident (to a grid worker's task, with a shelter), and one team per shelter that takes people.
-- Tasks are ordinary dispatch tasks of events the hub opens for it (source 'emergency_command').

CREATE TABLE evacuation_rounds (
  id bigserial PRIMARY KEY,
  incident_id bigint NOT NULL REFERENCES incidents(id),
  round integer NOT NULL CHECK (round >= 1),
  hazard_version integer NOT NULL,
  reason text NOT NULL,
  by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (incident_id, round)
);

CREATE TABLE evacuation_assignments (
  incident_id bigint NOT NULL REFERENCES incidents(id),
  person_code text NOT NULL REFERENCES key_people(code),
  round_id bigint NOT NULL REFERENCES evacuation_rounds(id),
  grid_code text NOT NULL REFERENCES grids(code),
  party_kind text NOT NULL CHECK (party_kind IN ('worker', 'department')),
  party_code text NOT NULL,
  party_name text NOT NULL,
  -- Null when no shelter outside the area had room: the room must find one.
  shelter_code text REFERENCES places(code),
  -- Places planned at the shelter for the person's household (0 when a housemate counted it already).
  places integer NOT NULL CHECK (places >= 0),
  event_id bigint NOT NULL REFERENCES events(id),
  task_id bigint NOT NULL REFERENCES tasks(id),
  PRIMARY KEY (incident_id, person_code)
);
CREATE INDEX evacuation_assignments_task ON evacuation_assignments (task_id);

CREATE TABLE evacuation_teams (
  incident_id bigint NOT NULL REFERENCES incidents(id),
  shelter_code text NOT NULL REFERENCES places(code),
  round_id bigint NOT NULL REFERENCES evacuation_rounds(id),
  planned integer NOT NULL CHECK (planned >= 0),
  force_code text NOT NULL REFERENCES response_forces(code),
  event_id bigint NOT NULL REFERENCES events(id),
  task_id bigint NOT NULL REFERENCES tasks(id),
  PRIMARY KEY (incident_id, shelter_code)
);
