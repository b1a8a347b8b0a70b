// Event reports from every source, at the township's daily rhythm. Patrol reports also earn the
// reporting grid worker points, as the points catalogue says.
import type { EventInput, PointsActionInput } from '../../contract/schemas.ts';
import { EVENT_CATEGORIES, EVENT_LEVELS, REPORTED_EVENT_SOURCES, type EventCategory } from '../../contract/domain.ts';
import { samplePointInPolygon } from '../../gis-data/scripts/sample.ts';
import { mobilePhone, personName } from '../../gis-data/scripts/names.ts';
import type { Random } from '../../gis-data/scripts/random.ts';
import { wgs84ToGcj02 } from '../../api/geo/datum.ts';
import { CATEGORY_WEIGHTS, EVENT_TEMPLATES, LEVEL_WEIGHTS, SOURCE_WEIGHTS } from '../catalogue.ts';
import { activityAt, EVENTS_PER_DAY } from '../rhythm.ts';
import type { World } from '../world.ts';

/** Share of hotline reports whose location comes from a commercial map app in GCJ-02. */
const GCJ_SHARE_OF_HOTLINE = 0.5;
const SECONDS_PER_DAY = 86_400;

export interface EventReport { event: EventInput; points?: PointsActionInput }

export class EventSource {
  #serial = 0;
  readonly #gridWeights: number[];

  constructor(private readonly rng: Random, private readonly world: World, private readonly runId: string) {
    this.#gridWeights = world.grids.map((g) => Math.max(1, g.properties.population));
  }

  /** Reports due in a tick of `seconds` at `rate` times the ordinary pace. */
  tick(now: Date, seconds: number, rate: number): EventReport[] {
    const expected = (EVENTS_PER_DAY * activityAt(now) * rate * seconds) / SECONDS_PER_DAY;
    const reports: EventReport[] = [];
    let remaining = expected;
    while (remaining > 0) {
      if (this.rng.next() < Math.min(1, remaining)) reports.push(this.#report(now));
      remaining -= 1;
    }
    return reports;
  }

  #report(now: Date): EventReport {
    const rng = this.rng;
    const grid = rng.weighted(this.world.grids, this.#gridWeights);
    const category = rng.weighted(EVENT_CATEGORIES, EVENT_CATEGORIES.map((c) => CATEGORY_WEIGHTS[c]));
    const source = rng.weighted(REPORTED_EVENT_SOURCES, REPORTED_EVENT_SOURCES.map((s) => SOURCE_WEIGHTS[s]));
    const level = rng.weighted(EVENT_LEVELS, EVENT_LEVELS.map((l) => LEVEL_WEIGHTS[l]));
    const [lon, lat] = samplePointInPolygon(rng, grid.geometry);
    const externalId = `sim-${this.runId}-${++this.#serial}`;
    const items = this.world.itemsByCategory.get(category) ?? [];
    const event: EventInput = {
      externalId,
      ...(items.length > 0 ? { itemCode: rng.pick(items).code } : {}),
      title: this.#title(category, grid.properties.villageCode, grid.properties.code),
      content: '模拟数据：由模拟器按日常节律生成。',
      category,
      level,
      source,
      lon,
      lat,
      occurredAt: now.toISOString(),
    };
    if (source === 'hotline_12345' || source === 'resident') {
      event.reporterName = personName(rng, rng.chance(0.5) ? 'male' : 'female', rng.int(1950, 2000));
      event.reporterPhone = mobilePhone(rng);
    }
    if (source === 'hotline_12345' && rng.chance(GCJ_SHARE_OF_HOTLINE)) {
      [event.lon, event.lat] = wgs84ToGcj02([lon, lat]);
      event.datum = 'GCJ02';
    }
    const worker = source === 'grid_patrol' ? this.world.workers.find((w) => w.gridCode === grid.properties.code) : undefined;
    const points = worker
      ? { externalId: `${externalId}-points`, ruleCode: 'report_event', workerCode: worker.code, ts: now.toISOString() }
      : undefined;
    return { event, points };
  }

  #title(category: EventCategory, villageCode: string, gridCode: string): string {
    const village = this.world.villageNames.get(villageCode) ?? '';
    const places = this.world.placesByGrid.get(gridCode) ?? [];
    const place = places.length > 0 ? this.rng.pick(places).name : `${village}村口`;
    return this.rng.pick(EVENT_TEMPLATES[category]).replace('{v}', village).replace('{p}', place);
  }
}
