// The flood scenario (`npm run mock -- --scenario flood --speed N`): one night of the 衢江 rising
// through 湖镇镇, played against a running hub through its public API only, as the gauges, the
// leader at the console and the field apps would. The river gauges report a rising stage; the hub
// raises alarms and a rate-of-rise warning; the leader acknowledges it, opens an incident from it and
// switches the room to emergency; the hazard area follows the focus gauge's level as it rises, and
// at the crest the leader widens it by hand once; after each area an evacuation round is dispatched
// and the grid workers and shelter teams answer their tasks, the shelters record arrivals; the river
// falls, the alarms clear, the leader resolves the warnings, switches back to peacetime and closes
// the incident. Every step is printed as it happens; a refused step stops the run (exit 1).
//
// Time: `speed` simulated minutes pass per real minute. The hub keeps its own clock, so readings are
// stamped now and its per-hour rules see the river rise `speed` times as fast as the story tells.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { AlarmSummary, ReadingsAccepted } from '../../contract/api.ts';
import type { TaskSummary } from '../../contract/closedLoop.ts';
import type { EvacuationPlan, EvacuationRound } from '../../contract/evacuation.ts';
import type { HazardUpdate, IncidentSummary, ShelterState } from '../../contract/incidents.ts';
import type { Warning } from '../../contract/warnings.ts';
import { createRandom, type Random } from '../../gis-data/scripts/random.ts';
import { HubClient, Session, type PostFailure, type PostResult } from '../hubClient.ts';
import type { SignInAs } from '../simulator.ts';
import { loadWorld } from '../world.ts';
import { CREST_MINUTE, FLOOD_MINUTES, gaugeStage, READING_EVERY_MIN, stageAt } from './floodStage.ts';

export interface FloodOptions {
  hubUrl: string;
  /** An integration key with the readings and tasks scopes (the gauges, and the field apps). */
  apiKey: string;
  /** The township leader at the console (opens the incident, switches the room, draws, dispatches). */
  leader: SignInAs;
  /** Simulated minutes per real minute (60: the night in a quarter of an hour). */
  speed: number;
  /** The river gauge whose level the hazard area follows. */
  gauge?: string;
  seed?: number;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

export interface FloodSummary {
  incident: { id: number; number: string };
  peakStageM: number;
  alarmsRaised: number;
  warningId: number;
  switches: ('emergency' | 'peacetime')[];
  hazardVersions: number;
  /** The version the leader drew by hand. */
  widenedVersion: number;
  maxResidentsInside: number;
  evacuation: { rounds: number; people: number; tasks: number; tasksDone: number; unassigned: number };
  /** People the shelters recorded, and at how many shelters. */
  sheltered: number;
  shelters: number;
  simulatedMinutes: number;
  realSeconds: number;
}

/** The hub refused a step of the story: the run stops here. */
export class StepRefused extends Error {
  constructor(readonly step: string, readonly status: number, readonly reason: string) {
    super(`the hub refused "${step}" (${status}): ${reason}`);
  }
}

export const DEFAULT_FLOOD_GAUGE = 'DEV-WL-011';
/** The first hazard area at the critical stage, then a new one every this many metres of rise. */
const FIRST_AREA_STAGE_M = 6.5;
const AREA_STEP_M = 0.5;
/** How far beyond the filled area the leader draws at the crest. */
const WIDEN_M = 300;
const EVACUATION_DUE_MIN = 90;

/** The river gauges on the 衢江, upstream (west) first: the devices the scenario reports for. */
const riverGauges = () => loadWorld().devices.filter((d) => d.type === 'water_level' && d.placeCode?.startsWith('PL-RG-')).sort((a, b) => a.code.localeCompare(b.code));
export const floodGaugeCodes = (): string[] => riverGauges().map((g) => g.code);

/** When each step of a field party's task falls due, in simulated minutes. */
interface TaskPlan { task: TaskSummary; team: boolean; acceptAt: number; arriveAt: number; doneAt: number; step: 'notified' | 'accepted' | 'arrived' | 'done' }

export async function runFloodScenario(options: FloodOptions): Promise<FloodSummary> {
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const tickMs = (READING_EVERY_MIN * 60_000) / options.speed;
  const rng: Random = createRandom(options.seed ?? 2026);
  const runId = `flood-${Date.now().toString(36)}`;
  const focus = options.gauge ?? DEFAULT_FLOOD_GAUGE;
  const gauges = riverGauges();
  const focusIndex = gauges.findIndex((g) => g.code === focus);
  if (focusIndex < 0) throw new Error(`${focus} is not one of the river gauges (${gauges.map((g) => g.code).join(', ')}).`);

  const field = new HubClient(options.hubUrl, options.apiKey, options.signal);
  const leader = new HubClient(options.hubUrl, { session: new Session(options.hubUrl, options.leader.username, options.leader.password, options.signal) }, options.signal);
  const must = async <T>(step: string, result: Promise<PostResult<T> | PostFailure>): Promise<PostResult<T>> => {
    const answer = await result;
    if (answer.ok) return answer;
    const reason = answer.body?.message ?? answer.error ?? 'no answer';
    // A task that moved without us: another field app answers it too.
    const hint = answer.status === 409 && step.startsWith('task ') ? ' (another field app answers these tasks too: run the scenario on a hub without the simulator, SIM_RATE=0 npm start, or with SCENARIO=flood npm start)' : '';
    throw new StepRefused(step, answer.status, `${reason}${hint}`);
  };
  const at = (minute: number) => {
    const h = Math.floor(minute / 60);
    return `T+${String(h).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  };

  const alarms = new Set<number>();
  const switches: FloodSummary['switches'] = [];
  // Set by the steps below (closures): declared so that the compiler does not take them for null.
  let warning = null as Warning | null;
  let incident = null as IncidentSummary | null;
  let lastArea = null as HazardUpdate | null;
  let nextAreaStage = FIRST_AREA_STAGE_M;
  let widenedVersion = 0;
  let maxResidents = 0;
  let peak = 0;
  const tasks = new Map<number, TaskPlan>();
  const arrivals = { people: 0, shelters: new Set<string>() };

  const evacuate = async (minute: number, reason: string) => {
    const { body: round, status } = await must('dispatch evacuation', leader.post<EvacuationRound>(`/incidents/${incident!.id}/evacuation`, { reason, dueMinutes: EVACUATION_DUE_MIN }));
    if (status === 200) return log(`${at(minute)} 转移安置：危险区内重点人员均已分派，无新任务`);
    log(`${at(minute)} 转移安置第 ${round.round} 批：${round.assigned} 名重点人员，${round.events.length} 个事件，${round.tasks.length} 项任务`);
    for (const task of round.tasks) {
      const team = task.party.kind === 'force';
      const acceptAt = minute + rng.int(5, 15);
      const arriveAt = acceptAt + rng.int(15, 40);
      tasks.set(task.id, { task, team, acceptAt, arriveAt, doneAt: team ? Infinity : arriveAt + rng.int(10, 30), step: 'notified' });
    }
    await learnDestinations();
  };

  /** Where each worker task's people go, and how many places: read once per round from the plan. */
  const destinations = new Map<number, Map<string, number>>();
  const learnDestinations = async () => {
    const { assignments } = await leader.get<EvacuationPlan>(`/incidents/${incident!.id}/evacuation`);
    destinations.clear(); // rebuilt whole: a task's people never change
    for (const a of assignments) {
      if (a.taskId === null || !a.shelter) continue;
      const byShelter = destinations.get(a.taskId) ?? new Map<string, number>();
      byShelter.set(a.shelter.code, (byShelter.get(a.shelter.code) ?? 0) + a.places);
      destinations.set(a.taskId, byShelter);
    }
  };
  /** Arrivals of one tick, by shelter, printed as one line. */
  const arrived = new Map<string, { name: string; people: number; occupancy: number; capacity: number }>();
  const recordArrivals = async (taskId: number) => {
    for (const [shelter, people] of destinations.get(taskId) ?? []) {
      if (people === 0) continue;
      const { body } = await must(`arrival at ${shelter}`, field.post<{ shelter: ShelterState }>(`/incidents/${incident!.id}/shelters/${shelter}/arrivals`,
        { people, externalId: `${runId}-${taskId}-${shelter}`, note: '网格员护送到达' }));
      arrivals.people += people;
      arrivals.shelters.add(shelter);
      arrived.set(shelter, { name: body.shelter.name, people: (arrived.get(shelter)?.people ?? 0) + people, occupancy: body.shelter.occupancy, capacity: body.shelter.capacity });
    }
  };
  const reportArrivals = (minute: number) => {
    if (arrived.size === 0) return;
    log(`${at(minute)} 到达安置点：${[...arrived.values()].map((a) => `${a.name} +${a.people}（${a.occupancy}/${a.capacity}）`).join('、')}`);
    arrived.clear();
  };

  const answerTasks = async (minute: number, finishing = false) => {
    for (const plan of tasks.values()) {
      const due: TaskPlan['step'][] = [];
      if (plan.step === 'notified' && (finishing || minute >= plan.acceptAt)) due.push('accepted');
      if ((plan.step === 'accepted' || due.includes('accepted')) && (finishing || minute >= plan.arriveAt)) due.push('arrived');
      if ((plan.step === 'arrived' || due.includes('arrived')) && (finishing || minute >= plan.doneAt)) due.push('done');
      for (const to of due) {
        await must(`task ${plan.task.id} (${plan.task.party.name}) → ${to}`, field.post(`/tasks/${plan.task.id}/transition`,
          to === 'done' ? { to, feedback: plan.team ? '安置点运转正常，群众已妥善安置' : '已护送至安置点' } : { to }));
        plan.step = to;
        if (to === 'done' && !plan.team) await recordArrivals(plan.task.id);
      }
    }
    reportArrivals(minute);
  };

  const openIncident = async (minute: number, found: Warning) => {
    warning = found;
    log(`${at(minute)} 预警 #${found.id}【${found.title}】（${found.level}），建议 ${found.proposedResponseLevel} 级响应`);
    await must('acknowledge the warning', leader.post(`/warnings/${found.id}/acknowledge`, {}));
    const { body } = await must('open the incident', leader.post<IncidentSummary>('/incidents', {
      title: '衢江湖镇段洪水', kind: 'flood', responseLevel: found.proposedResponseLevel, from: { kind: 'warning', id: found.id }, reason: '衢江水位快速上涨，预计超警戒',
    }));
    incident = body;
    log(`${at(minute)} 镇领导立突发事件 ${body.number}（${body.responseLevel} 级响应）`);
    await must('switch to emergency', leader.post('/mode', { mode: 'emergency', incidentId: body.id, reason: '启动防汛应急响应' }));
    switches.push('emergency');
    log(`${at(minute)} 指挥室切换至战时状态`);
  };

  const addArea = async (minute: number, step: string, body: object) => {
    const { body: update } = await must(step, leader.post<HazardUpdate>(`/incidents/${incident!.id}/hazard-areas`, body));
    lastArea = update;
    maxResidents = Math.max(maxResidents, update.impact.residents);
    log(`${at(minute)} 危险区第 ${update.area.version} 版（${(update.area.areaM2 / 1e6).toFixed(2)} km²）：居民 ${update.impact.residents} 人、${update.impact.households} 户、重点人员 ${update.impact.vulnerablePeople} 人`);
  };

  for (let minute = 0; minute <= FLOOD_MINUTES; minute += READING_EVERY_MIN) {
    if (options.signal?.aborted) throw new Error('stopped');
    const tickStarted = Date.now();
    const stage = stageAt(minute);
    peak = Math.max(peak, stage);
    const readings = gauges.map((g, i) => ({ deviceCode: g.code, ts: new Date().toISOString(), value: gaugeStage(minute, i) }));
    const { body: ingest } = await must('gauge readings', field.post<ReadingsAccepted>('/readings', { readings }, `${runId}-readings-${minute}`));
    const raised = ingest.alarmsRaised === 0 ? [] : (await leader.get<{ alarms: AlarmSummary[] }>('/alarms?open=true&limit=500')).alarms
      .filter((a) => gauges.some((g) => g.code === a.deviceCode) && a.status === 'active');
    for (const alarm of raised) {
      if (alarms.has(alarm.id)) continue;
      alarms.add(alarm.id);
      log(`${at(minute)} 告警 #${alarm.id}：${alarm.deviceName} ${alarm.value} m（${alarm.severity === 'critical' ? '严重' : '超警'}）`);
      await must(`acknowledge alarm ${alarm.id}`, leader.post(`/alarms/${alarm.id}/acknowledge`, {}));
    }
    if (minute % 60 === 0) log(`${at(minute)} ${gauges[focusIndex]!.name} ${gaugeStage(minute, focusIndex)} m`);

    if (!incident) {
      const { warnings } = await leader.get<{ warnings: Warning[] }>('/warnings?open=true&limit=500');
      const found = warnings.find((w) => w.kind === 'rate_of_rise' && w.subject === `device:${focus}` && w.incidentId === null);
      if (found) await openIncident(minute, found);
      else if (minute >= CREST_MINUTE) throw new Error(`no rate-of-rise warning for ${focus} by the crest: is the hub's rule WR-WL-RISE switched off?`);
    }
    if (incident) {
      const level = gaugeStage(minute, focusIndex);
      if (widenedVersion === 0 && minute < CREST_MINUTE && level >= nextAreaStage) {
        await addArea(minute, `hazard area at ${level} m`, { method: 'water_level', deviceCode: focus, levelM: level, reason: `按${gauges[focusIndex]!.name} ${level} m 推演淹没范围` });
        nextAreaStage = level + AREA_STEP_M;
        await evacuate(minute, `水位 ${level} m，危险区内重点人员转移`);
      } else if (widenedVersion === 0 && minute >= CREST_MINUTE && lastArea) {
        const drawn = widened(lastArea.area.geometry as Polygon | MultiPolygon);
        await addArea(minute, 'widen the hazard area by hand', { method: 'polygon', geometry: drawn, reason: '洪峰过境，堤后低洼地一并划入' });
        widenedVersion = lastArea!.area.version;
        await evacuate(minute, '危险区扩大，新增区域重点人员转移');
      }
    }
    await answerTasks(minute);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, tickMs - (Date.now() - tickStarted))));
  }

  if (!incident || !warning) throw new Error('the river fell before the room opened an incident: no rate-of-rise warning was raised.');
  const theIncident = incident;
  const end = FLOOD_MINUTES;
  // The river is back in its normal range: the hub cleared the gauges' alarms on the last readings.
  const { alarms: open } = await leader.get<{ alarms: { id: number; deviceCode: string }[] }>('/alarms?open=true&limit=500');
  const stillOpen = open.filter((a) => gauges.some((g) => g.code === a.deviceCode) && alarms.has(a.id));
  if (stillOpen.length > 0) throw new Error(`alarms ${stillOpen.map((a) => a.id).join(', ')} are still open with the river back in its normal range.`);
  log(`${at(end)} 水位回落至正常范围，告警全部解除`);
  await answerTasks(end, true);
  for (const plan of tasks.values()) {
    if (plan.team && plan.step !== 'done') {
      await must(`task ${plan.task.id} → done`, field.post(`/tasks/${plan.task.id}/transition`, { to: 'done', feedback: '群众已返家，安置点关闭' }));
      plan.step = 'done';
    }
  }
  log(`${at(end)} 转移安置任务全部完成`);
  const { warnings } = await leader.get<{ warnings: Warning[] }>('/warnings?open=true&limit=500');
  for (const w of warnings.filter((w) => Date.parse(w.raisedAt) >= started)) {
    await must(`resolve warning ${w.id}`, leader.post(`/warnings/${w.id}/resolve`, { reason: '水位回落，险情解除' }));
  }
  await must('switch to peacetime', leader.post('/mode', { mode: 'peacetime', reason: '洪水退去，险情解除' }));
  switches.push('peacetime');
  log(`${at(end)} 指挥室恢复平时状态`);
  await must('close the incident', leader.post(`/incidents/${theIncident.id}/close`, { reason: '险情解除，转移群众已返家' }));

  const plan = await leader.get<EvacuationPlan>(`/incidents/${theIncident.id}/evacuation`);
  const summary: FloodSummary = {
    incident: { id: theIncident.id, number: theIncident.number },
    peakStageM: peak,
    alarmsRaised: alarms.size,
    warningId: warning.id,
    switches,
    hazardVersions: lastArea?.area.version ?? 0,
    widenedVersion,
    maxResidentsInside: maxResidents,
    evacuation: { rounds: plan.rounds, people: plan.totals.people, tasks: tasks.size, tasksDone: [...tasks.values()].filter((t) => t.step === 'done').length, unassigned: plan.totals.unassigned },
    sheltered: arrivals.people,
    shelters: arrivals.shelters.size,
    simulatedMinutes: FLOOD_MINUTES,
    realSeconds: Math.round((Date.now() - started) / 100) / 10,
  };
  return summary;
}

/**
 * What a leader draws at the crest: the filled area pushed out by WIDEN_M on every side (the low land
 * behind the banks), its outline thinned to what a hand would draw, and never crossing itself (the
 * hub refuses a shape that does; it clips to the township).
 */
export function widened(area: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const buffered = turf.buffer(turf.feature(area), WIDEN_M, { units: 'meters', steps: 4 }) as Feature<Polygon | MultiPolygon> | undefined;
  if (!buffered) throw new Error('the hazard area has no outline to widen');
  for (const tolerance of [0.0003, 0.0001, 0.00003, 0]) {
    const drawn = turf.truncate(tolerance > 0 ? turf.simplify(buffered, { tolerance, highQuality: true }) : buffered, { precision: 6 });
    if (turf.kinks(drawn).features.length === 0) return drawn.geometry;
  }
  throw new Error('the widened hazard area crosses itself at every tolerance');
}

export function describeFlood(s: FloodSummary): string {
  return [
    `突发事件 ${s.incident.number}：洪峰 ${s.peakStageM} m，告警 ${s.alarmsRaised} 次，预警 #${s.warningId}`,
    `平战切换 ${s.switches.join(' → ')}；危险区 ${s.hazardVersions} 版（第 ${s.widenedVersion} 版起手绘扩大），区内居民最多 ${s.maxResidentsInside} 人`,
    `转移安置 ${s.evacuation.rounds} 批：重点人员 ${s.evacuation.people} 人（无人负责 ${s.evacuation.unassigned}），任务 ${s.evacuation.tasksDone}/${s.evacuation.tasks} 完成`,
    `安置点 ${s.shelters} 处共接收 ${s.sheltered} 人；模拟 ${Math.round(s.simulatedMinutes / 60)} 小时，用时 ${s.realSeconds} 秒`,
  ].join('\n');
}
