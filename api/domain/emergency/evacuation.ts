// Evacuation dispatch (转移安置) for an incident: one round takes the vulnerable people inside the
// current hazard area whom no earlier round assigned, splits each grid's among its grid workers (the
// village committee when the grid has none), gives each household the nearest shelter with room,
// and opens for each grid an event of the room's own (source 'emergency_command') dispatched to
// those workers, and for each shelter that will take people and has no team yet an event dispatched
// to the nearest free volunteer, militia or emergency team. All in one transaction under the
// incident's lock, so two rounds never assign one person twice.
import type { EventSummary } from '../../../contract/api.ts';
import type { TaskSummary } from '../../../contract/closedLoop.ts';
import type { EventCategory, EventLevel, ForceKind, KeyGroup, TaskStatus } from '../../../contract/domain.ts';
import { SHELTER_TEAM_KINDS, type EvacuationInput, type EvacuationPlan, type EvacuationRound } from '../../../contract/evacuation.ts';
import type { IncidentKind } from '../../../contract/incidents.ts';
import type { ResponseLevel } from '../../../contract/warnings.ts';
import type { z } from 'zod';
import { audit } from '../../audit.ts';
import { coversGrid } from '../../auth/permissions.ts';
import type { Scope } from '../../auth/principal.ts';
import type { Db, Queryable } from '../../db/index.ts';
import { distanceM } from '../../geo/distance.ts';
import { insertDispatch } from '../dispatch/dispatch.ts';
import { DomainError } from '../errors.ts';
import { insertEvent } from '../events/intake.ts';
import { maskName } from '../mask.ts';
import type { RoomPolicy } from '../policy.ts';
import type { Township } from '../township.ts';
import { currentHazardArea } from './hazards.ts';
import { impactOf, shelterOccupancy, type TownshipImpact } from './impact.ts';
import { chooseShelters, splitAmong, type Bringer, type Evacuee, type ShelterRoom } from './evacuationPlan.ts';
import { shelterStates } from './shelters.ts';

const CATEGORY_OF_INCIDENT: Record<IncidentKind, EventCategory> = { flood: 'flood', geo_hazard: 'geo_hazard', fire: 'fire', hazmat: 'safety_hazard', other: 'other' };
const LEVEL_OF_RESPONSE: Record<ResponseLevel, EventLevel> = { IV: 'general', III: 'significant', II: 'major', I: 'extraordinary' };

interface IncidentRow { id: number; number: string; title: string; kind: IncidentKind; response_level: ResponseLevel; status: 'open' | 'closed' }
interface EvacueeRow extends Evacuee { groups: KeyGroup[] }

type Input = z.output<typeof EvacuationInput>;

export async function dispatchEvacuation(db: Db, township: Township, index: TownshipImpact, incidentId: number, input: Input,
  by: { actor: string; ip: string | null }, policy: RoomPolicy, now = new Date()): Promise<EvacuationRound> {
  return db.tx(async (q) => {
    const [incident] = await q.query<IncidentRow>(
      'SELECT id, number, title, kind, response_level, status FROM incidents WHERE id = $1 AND township_code = $2 FOR UPDATE', [incidentId, township.code]);
    if (!incident) throw new DomainError('not_found', `No incident ${incidentId}; list them with GET /api/v1/incidents.`);
    if (incident.status !== 'open') throw new DomainError('conflict', `Incident ${incident.number} is closed; evacuation is dispatched while it is open.`);
    const area = await currentHazardArea(q, township.code, incidentId);
    if (!area) throw new DomainError('conflict', `Incident ${incident.number} has no hazard area yet; set one (POST /api/v1/incidents/${incidentId}/hazard-areas) to know whom to evacuate.`);

    const { impact } = impactOf(index, area, await shelterOccupancy(q, incidentId));
    const assignedBefore = new Set((await q.query<{ person_code: string }>('SELECT person_code FROM evacuation_assignments WHERE incident_id = $1', [incidentId])).map((r) => r.person_code));
    const evacuees = await evacueeRows(q, impact.vulnerablePeople.filter((code) => !assignedBefore.has(code)));

    // Shelters outside the area, with the places earlier rounds planned taken off their room.
    const planned = new Map((await q.query<{ shelter_code: string; places: number }>(
      'SELECT shelter_code, sum(places)::int AS places FROM evacuation_assignments WHERE incident_id = $1 AND shelter_code IS NOT NULL GROUP BY shelter_code',
      [incidentId])).map((r) => [r.shelter_code, r.places]));
    const shelters = (await shelterStates(q, township.code, incidentId)).filter((s) => !s.inHazardArea);
    const rooms: ShelterRoom[] = shelters.map((s) => ({ code: s.code, lon: s.lon, lat: s.lat, room: Math.max(0, s.capacity - Math.max(s.occupancy, planned.get(s.code) ?? 0)) }));
    const destinations = chooseShelters(evacuees, rooms);
    const shelterName = new Map(shelters.map((s) => [s.code, s.name]));

    const [last] = await q.query<{ round: number | null }>('SELECT max(round) AS round FROM evacuation_rounds WHERE incident_id = $1', [incidentId]);
    const roundNo = (last?.round ?? 0) + 1;
    const events: EventSummary[] = [];
    const tasks: TaskSummary[] = [];
    const dispatchedBy = { actor: by.actor, note: input.reason, ip: by.ip };
    const level = LEVEL_OF_RESPONSE[incident.response_level];
    const category = CATEGORY_OF_INCIDENT[incident.kind];
    const deadlineHours = Math.max(1, Math.ceil(input.dueMinutes / 60));
    let roundId: number | null = null;
    const openRound = async () => {
      if (roundId !== null) return roundId;
      const [row] = await q.query<{ id: number }>('INSERT INTO evacuation_rounds (incident_id, round, hazard_version, reason, by) VALUES ($1, $2, $3, $4, $5) RETURNING id',
        [incidentId, roundNo, area.version, input.reason, by.actor]);
      return (roundId = row!.id);
    };
    const openEvent = async (title: string, content: string, gridCode: string, at: { lon: number; lat: number }) => {
      const event = await insertEvent(q, township, {
        externalId: null, title, content, category, itemCode: null, level, source: 'emergency_command', reporterName: null, reporterPhone: null,
        lon: at.lon, lat: at.lat, datum: 'WGS84', grid: township.grids.get(gridCode)!, occurredAt: now, acceptedAt: now, deadlineHours,
      }, { actor: by.actor, ip: by.ip }, policy);
      return { id: event.id, number: event.number, status: 'accepted' as const, grid_code: gridCode };
    };

    let assigned = 0;
    const byGrid = Map.groupBy(evacuees, (e) => e.gridCode);
    for (const [gridCode, people] of [...byGrid].sort(([a], [b]) => a.localeCompare(b))) {
      const grid = township.grids.get(gridCode)!;
      const bringers = await bringersOf(q, township, gridCode);
      const runs = splitAmong(people, bringers.length);
      if (runs.length === 0) continue; // no one to bring them: the plan reports them unassigned
      const centre = nearestTo(people, mean(people));
      const event = await openEvent(`转移安置（第${roundNo}批）：${grid.villageName}${grid.name}`,
        `${incident.number}「${incident.title}」危险区第 ${area.version} 版内重点人员 ${people.length} 名，由网格员转移至安置点。${input.reason}`, gridCode, centre);
      const result = await insertDispatch(q, township, event, runs.map((run, i) => ({
        party: bringers[i]!, dueMinutes: input.dueMinutes, instructions: evacuationInstructions(run, destinations, shelterName),
      })), dispatchedBy);
      events.push(result.event);
      tasks.push(...result.tasks);
      const round = await openRound();
      for (const [i, run] of runs.entries()) {
        const party = bringers[i]!;
        const task = result.tasks[i]!;
        for (const person of run) {
          const destination = destinations.get(person.code)!;
          await q.query(
            `INSERT INTO evacuation_assignments (incident_id, person_code, round_id, grid_code, party_kind, party_code, party_name, shelter_code, places, event_id, task_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [incidentId, person.code, round, gridCode, party.kind, party.code, party.name, destination.shelter, destination.places, event.id, task.id]);
          assigned += 1;
        }
      }
    }

    // A team for every shelter that this incident sends people to and that has none yet.
    const needTeams = await q.query<{ shelter_code: string; places: number; name: string; grid_code: string; lon: number; lat: number }>(
      `SELECT a.shelter_code, sum(a.places)::int AS places, p.name, p.grid_code, p.lon, p.lat FROM evacuation_assignments a JOIN places p ON p.code = a.shelter_code
       WHERE a.incident_id = $1 AND NOT EXISTS (SELECT 1 FROM evacuation_teams t WHERE t.incident_id = a.incident_id AND t.shelter_code = a.shelter_code)
       GROUP BY a.shelter_code, p.name, p.grid_code, p.lon, p.lat ORDER BY a.shelter_code`, [incidentId]);
    const taken = new Set<string>();
    for (const shelter of needTeams) {
      const force = await freeTeam(q, township.code, shelter, taken);
      if (!force) continue; // none free: the plan shows the shelter without a team
      taken.add(force.code);
      const event = await openEvent(`安置点保障（第${roundNo}批）：${shelter.name}`,
        `${incident.number}「${incident.title}」：开设${shelter.name}，接收转移群众约 ${shelter.places} 人。${input.reason}`, shelter.grid_code, shelter);
      const result = await insertDispatch(q, township, event, [{
        party: { kind: 'force', code: force.code, name: force.name }, dueMinutes: input.dueMinutes,
        instructions: `开设并管理${shelter.name}，预计接收约 ${shelter.places} 人；到达人数逐批报送（POST /api/v1/incidents/${incidentId}/shelters/${shelter.shelter_code}/arrivals）。`,
      }], dispatchedBy);
      events.push(result.event);
      tasks.push(...result.tasks);
      await q.query('INSERT INTO evacuation_teams (incident_id, shelter_code, round_id, planned, force_code, event_id, task_id) VALUES ($1, $2, $3, $4, $5, $6, $7)',
        [incidentId, shelter.shelter_code, await openRound(), shelter.places, force.code, event.id, result.tasks[0]!.id]);
    }

    if (roundId !== null) {
      await audit(q, { actor: by.actor, action: 'incident.evacuation', target: `incident:${incident.number}`,
        detail: { round: roundNo, hazardVersion: area.version, assigned, events: events.map((e) => e.number) }, ip: by.ip });
    }
    return {
      incidentId, round: roundId === null ? roundNo - 1 : roundNo, hazardVersion: area.version, assigned, events, tasks,
      plan: await evacuationPlan(q, township, incidentId, impact.vulnerablePeople, null),
    };
  });
}

async function evacueeRows(q: Queryable, codes: readonly string[]): Promise<EvacueeRow[]> {
  if (codes.length === 0) return [];
  return q.query<EvacueeRow>(
    `SELECT k.code, k.grid_code AS "gridCode", k.lon, k.lat, k.household_code AS "householdCode", coalesce(h.residents, 1) AS residents, k.groups
     FROM key_people k LEFT JOIN households h ON h.code = k.household_code WHERE k.code = ANY($1::text[]) ORDER BY k.code`, [codes]);
}

/** Who fetches a grid's people: its active grid workers, else its village's committee, else no one. */
async function bringersOf(q: Queryable, township: Township, gridCode: string): Promise<Bringer[]> {
  const workers = [...township.workers.values()].filter((w) => w.gridCode === gridCode).sort((a, b) => a.code.localeCompare(b.code));
  if (workers.length > 0) return workers.map((w) => ({ kind: 'worker', code: w.code, name: w.name }));
  const village = township.grids.get(gridCode)!.villageCode;
  const committees = await q.query<{ code: string; name: string }>(
    `SELECT code, name FROM departments WHERE township_code = $1 AND kind = 'village' AND village_code = $2 ORDER BY code LIMIT 1`, [township.code, village]);
  return committees.map((d) => ({ kind: 'department', code: d.code, name: d.name }));
}

/** The nearest available force of a shelter-team kind with no open task, locked so two rounds cannot both take it. */
async function freeTeam(q: Queryable, townshipCode: string, at: { lon: number; lat: number }, taken: ReadonlySet<string>): Promise<{ code: string; name: string; kind: ForceKind } | null> {
  const candidates = await q.query<{ code: string; name: string; kind: ForceKind; lon: number; lat: number }>(
    `SELECT f.code, f.name, f.kind, f.lon, f.lat FROM response_forces f
     WHERE f.township_code = $1 AND f.available AND f.kind = ANY($2::text[])
       AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.party_kind = 'force' AND t.party_code = f.code AND t.status IN ('notified', 'accepted', 'arrived'))
     ORDER BY f.code FOR UPDATE OF f`, [townshipCode, [...SHELTER_TEAM_KINDS]]);
  return candidates
    .filter((f) => !taken.has(f.code))
    .map((f) => ({ f, d: distanceM(at.lon, at.lat, f.lon, f.lat) }))
    .sort((a, b) => a.d - b.d || a.f.code.localeCompare(b.f.code))[0]?.f ?? null;
}

function evacuationInstructions(run: readonly EvacueeRow[], destinations: ReadonlyMap<string, { shelter: string | null }>, shelterName: ReadonlyMap<string, string>): string {
  const byShelter = Map.groupBy(run, (p) => destinations.get(p.code)?.shelter ?? null);
  const lines = [...byShelter].map(([shelter, people]) =>
    `${shelter ? `至${shelterName.get(shelter) ?? shelter}` : '暂无有余位的安置点，请待指挥部指定'}：${people.map((p) => p.code).join('、')}`);
  return `转移重点人员 ${run.length} 名（名单见应急指挥台转移清单）。${lines.join('；')}。`;
}

const mean = (points: readonly { lon: number; lat: number }[]) =>
  ({ lon: points.reduce((s, p) => s + p.lon, 0) / points.length, lat: points.reduce((s, p) => s + p.lat, 0) / points.length });
const nearestTo = <T extends { lon: number; lat: number }>(points: readonly T[], c: { lon: number; lat: number }): T =>
  points.reduce((best, p) => (distanceM(p.lon, p.lat, c.lon, c.lat) < distanceM(best.lon, best.lat, c.lon, c.lat) ? p : best));

/**
 * Every round's assignments and teams with their tasks' states; `inside` (the codes inside the
 * current area) gives who is still unassigned. Names are masked, and only for a scope that covers
 * the person's grid (null scope: none at all).
 */
export async function evacuationPlan(q: Queryable, township: Township, incidentId: number, inside: readonly string[], namesFor: Scope | null): Promise<EvacuationPlan> {
  const assignments = await q.query<{ person_code: string; name: string; groups: KeyGroup[]; grid_code: string; round: number; party_kind: 'worker' | 'department';
    party_code: string; party_name: string; shelter_code: string | null; shelter_name: string | null; places: number; task_id: number; task_status: TaskStatus }>(
    `SELECT a.person_code, k.name, k.groups, a.grid_code, r.round, a.party_kind, a.party_code, a.party_name, a.shelter_code, p.name AS shelter_name, a.places,
            a.task_id, t.status AS task_status
     FROM evacuation_assignments a JOIN evacuation_rounds r ON r.id = a.round_id JOIN key_people k ON k.code = a.person_code
     JOIN tasks t ON t.id = a.task_id LEFT JOIN places p ON p.code = a.shelter_code
     WHERE a.incident_id = $1 ORDER BY r.round, a.grid_code, a.person_code`, [incidentId]);
  const teams = await q.query<{ shelter_code: string; shelter_name: string; round: number; planned: number; force_code: string; force_name: string; force_kind: ForceKind;
    task_id: number; task_status: TaskStatus }>(
    `SELECT e.shelter_code, p.name AS shelter_name, r.round, e.planned, e.force_code, f.name AS force_name, f.kind AS force_kind, e.task_id, t.status AS task_status
     FROM evacuation_teams e JOIN evacuation_rounds r ON r.id = e.round_id JOIN places p ON p.code = e.shelter_code
     JOIN response_forces f ON f.code = e.force_code JOIN tasks t ON t.id = e.task_id
     WHERE e.incident_id = $1 ORDER BY r.round, e.shelter_code`, [incidentId]);
  const [rounds] = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM evacuation_rounds WHERE incident_id = $1', [incidentId]);
  const assignedCodes = new Set(assignments.map((a) => a.person_code));
  // Shelters people were sent to that no free force could staff: listed without a team.
  const staffed = new Set(teams.map((t) => t.shelter_code));
  const unstaffed = new Map<string, { name: string; round: number; planned: number }>();
  for (const a of assignments) {
    if (!a.shelter_code || staffed.has(a.shelter_code)) continue;
    const seen = unstaffed.get(a.shelter_code);
    unstaffed.set(a.shelter_code, { name: a.shelter_name ?? a.shelter_code, round: seen?.round ?? a.round, planned: (seen?.planned ?? 0) + a.places });
  }
  const showName = (gridCode: string) => namesFor !== null && coversGrid(namesFor, township.grids.get(gridCode)!);
  return {
    incidentId,
    rounds: rounds!.n,
    assignments: assignments.map((a) => ({
      personCode: a.person_code, name: showName(a.grid_code) ? maskName(a.name) : null, groups: a.groups, gridCode: a.grid_code, round: a.round,
      party: { kind: a.party_kind, code: a.party_code, name: a.party_name },
      shelter: a.shelter_code ? { code: a.shelter_code, name: a.shelter_name ?? a.shelter_code } : null, places: a.places, taskId: a.task_id, taskStatus: a.task_status,
    })),
    teams: [
      ...teams.map((t) => ({ shelterCode: t.shelter_code, shelterName: t.shelter_name, round: t.round, planned: t.planned,
        force: { code: t.force_code, name: t.force_name, kind: t.force_kind }, taskId: t.task_id, taskStatus: t.task_status })),
      ...[...unstaffed].map(([code, s]) => ({ shelterCode: code, shelterName: s.name, round: s.round, planned: s.planned, force: null, taskId: null, taskStatus: null })),
    ],
    totals: {
      people: assignedCodes.size + inside.filter((c) => !assignedCodes.has(c)).length,
      done: assignments.filter((a) => a.task_status === 'done').length,
      unassigned: inside.filter((c) => !assignedCodes.has(c)).length,
      noShelter: assignments.filter((a) => a.shelter_code === null).length,
    },
  };
}
