// Checks the committed files in gis-data/huzhen/: valid shapes that tile, points where they claim to be,
// records that are complete and plausible.
import * as turf from '@turf/turf';
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { DEVICE_TYPES, FORCE_KINDS, KEY_GROUPS, PLACE_KINDS, type KeyGroup, type PlaceKind } from '../../contract/domain.ts';
import type { GridProps } from '../../contract/gis.ts';
import { readGisData } from '../../gis-data/read.ts';
import { DEFAULT_SEED } from '../../gis-data/scripts/generate.ts';
import { isValidIdNumber } from '../../gis-data/scripts/id-number.ts';
import { ageOn } from '../../gis-data/scripts/key-people.ts';
import { readReference } from '../../gis-data/scripts/reference.ts';
import { areaM2, areaMismatch, shareOutside, worstOverlap } from './tiling.ts';

const data = readGisData();
const reference = readReference();
type Area = Polygon | MultiPolygon;

const county = data.county.features[0]?.geometry as Area;
const township = data.township.features[0]?.geometry as Area;
const river = data.river.features[0]?.geometry.coordinates as Position[];
const villages = data.villages.features;
const grids = data.grids.features;
const gridByCode = new Map(grids.map((g) => [g.properties.code, g]));
const villageByCode = new Map(villages.map((v) => [v.properties.code, v]));
const gridsOf = (villageCode: string) => grids.filter((g) => g.properties.villageCode === villageCode);
const allShapes: [string, Area][] = [
  ['county', county],
  ['township', township],
  ...villages.map((v): [string, Area] => [v.properties.name, v.geometry]),
  ...grids.map((g): [string, Area] => [g.properties.name, g.geometry]),
];

const TILE_AREA_TOLERANCE = 0.005; // sum of part areas within 0.5 % of the whole
const TILE_OVERLAP_TOLERANCE = 0.001; // no two parts share more than 0.1 % of the smaller one
// Rounding to 6 decimals moves a vertex up to 0.07 m off a straight border: a sliver of some m² along a 1 km edge.
const OUTSIDE_TOLERANCE = 0.001;
const GAUGE_MAX_RIVER_KM = 0.1;
const PUMPING_STATION_MAX_RIVER_KM = 0.3;
const RESERVOIR_MIN_RIVER_KM = 2;

const inside = (p: Position, area: Area) => turf.booleanPointInPolygon(p, area, { ignoreBoundary: true });
const riverKm = (p: Position) => turf.pointToLineDistance(p, turf.lineString(river), { units: 'kilometers' });
const km2 = (a: Area) => areaM2(a) / 1e6;
const [, townMinLat, , townMaxLat] = turf.bbox(township);
const southernHalf = (p: Position) => (p[1] ?? Infinity) < (townMinLat + townMaxLat) / 2;
const rings = (a: Area) => (a.type === 'Polygon' ? a.coordinates : a.coordinates.flat());
const placesOf = (kind: PlaceKind) => data.places.features.filter((p) => p.properties.kind === kind);

describe('shapes', () => {
  it('closes every ring, with at least 4 positions', () => {
    for (const [name, shape] of allShapes) {
      for (const ring of rings(shape)) {
        expect(ring.length, name).toBeGreaterThanOrEqual(4);
        expect(ring[0], name).toEqual(ring[ring.length - 1]);
      }
    }
  });

  it('has no self-intersecting shape', () => {
    for (const [name, shape] of allShapes) expect(turf.kinks(shape).features, name).toHaveLength(0);
  });

  it('gives every generated shape as one Polygon', () => {
    for (const f of [...data.township.features, ...villages, ...grids]) expect(f.geometry.type).toBe('Polygon');
  });

  it('rounds every coordinate to at most 6 decimals', () => {
    const positions = [
      ...allShapes.flatMap(([, s]) => rings(s).flat()),
      ...river,
      ...[...data.places.features, ...data.devices.features, ...data.forces.features].map((f) => f.geometry.coordinates),
      ...data.keyPeople.map((p) => [p.lon, p.lat]),
    ];
    const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;
    expect(positions.flat().filter((x) => decimals(x) > 6)).toEqual([]);
  });

  it('marks every generated layer as schematic, and keeps the county outline as the real one', () => {
    for (const f of [...data.township.features, ...villages, ...grids, ...data.river.features]) expect(f.properties.schematic).toBe(true);
    expect(data.manifest.schematic).toBe(true);
    expect(data.county.features[0]?.properties).toEqual({ name: '龙游县', adcode: 330825 });
  });

  it('draws a township of 120–160 km² inside the county outline', () => {
    expect(km2(township)).toBeGreaterThan(120);
    expect(km2(township)).toBeLessThan(160);
    expect(shareOutside(township, county)).toBeLessThan(OUTSIDE_TOLERANCE);
    expect(data.township.features[0]?.properties).toEqual({ code: '330825101', name: '湖镇镇', countyCode: '330825', countyName: '龙游县', schematic: true });
  });

  it('puts every village inside the county and the township', () => {
    for (const v of villages) {
      expect(shareOutside(v.geometry, county), v.properties.name).toBeLessThan(OUTSIDE_TOLERANCE);
      expect(shareOutside(v.geometry, township), v.properties.name).toBeLessThan(OUTSIDE_TOLERANCE);
    }
  });

  it('tiles the township with the villages: areas add up, no two overlap', () => {
    const shapes = villages.map((v) => v.geometry);
    expect(areaMismatch(township, shapes)).toBeLessThan(TILE_AREA_TOLERANCE);
    expect(worstOverlap(shapes).share).toBeLessThan(TILE_OVERLAP_TOLERANCE);
  });

  it('tiles every village with its grids: areas add up, no two overlap, none outside', () => {
    for (const v of villages) {
      const shapes = gridsOf(v.properties.code).map((g) => g.geometry);
      expect(areaMismatch(v.geometry, shapes), v.properties.name).toBeLessThan(TILE_AREA_TOLERANCE);
      expect(worstOverlap(shapes).share, v.properties.name).toBeLessThan(TILE_OVERLAP_TOLERANCE);
      for (const s of shapes) expect(shareOutside(s, v.geometry), v.properties.name).toBeLessThan(OUTSIDE_TOLERANCE);
    }
  });

  it('makes the communities around the township seat smaller than the average village', () => {
    const average = km2(township) / villages.length;
    for (const v of villages.filter((x) => x.properties.kind === '社区')) expect(km2(v.geometry), v.properties.name).toBeLessThan(average);
  });

  it('runs the river from west of the township to east of it, through it', () => {
    const [minLon, , maxLon] = turf.bbox(township);
    expect(river[0]?.[0]).toBeLessThan(minLon);
    expect(river[river.length - 1]?.[0]).toBeGreaterThan(maxLon);
    expect(turf.booleanIntersects(turf.lineString(river), township)).toBe(true);
    expect(data.river.features[0]?.properties).toEqual({ name: '衢江', schematic: true });
  });
});

describe('villages and grids', () => {
  it('lists the 43 real villages and communities of 湖镇镇 with their statistics codes and names', () => {
    expect(villages).toHaveLength(43);
    expect(villages.map((v) => v.properties)).toEqual(
      reference.villages.map((r) => ({ code: r.code, name: r.shortName, fullName: r.name, kind: r.kind, townshipCode: '330825101', schematic: true })),
    );
  });

  it('has 150–250 grids, 3–6 per village, with unique codes made of the village code and 2 digits', () => {
    expect(grids.length).toBeGreaterThanOrEqual(150);
    expect(grids.length).toBeLessThanOrEqual(250);
    expect(new Set(grids.map((g) => g.properties.code)).size).toBe(grids.length);
    for (const v of villages) {
      const own = gridsOf(v.properties.code);
      expect(own.length, v.properties.name).toBeGreaterThanOrEqual(3);
      expect(own.length, v.properties.name).toBeLessThanOrEqual(6);
      own.forEach((g, i) => {
        expect(g.properties.code).toBe(`${v.properties.code}${String(i + 1).padStart(2, '0')}`);
        expect(g.properties.name).toBe(`${v.properties.name}第${i + 1}网格`);
      });
    }
  });

  it('counts 60–70 thousand residents, about 2.8 per household, and the manifest agrees', () => {
    const props: GridProps[] = grids.map((g) => g.properties);
    const residents = props.reduce((s, g) => s + g.population, 0);
    const households = props.reduce((s, g) => s + g.households, 0);
    expect(residents).toBeGreaterThanOrEqual(60000);
    expect(residents).toBeLessThanOrEqual(70000);
    for (const g of props) expect(g.population / g.households, g.name).toBeGreaterThan(2.5);
    for (const g of props) expect(g.population / g.households, g.name).toBeLessThan(3.1);
    expect(data.manifest.counts.residents).toBe(residents);
    expect(data.manifest.counts.households).toBe(households);
  });
});

describe('points', () => {
  const pointSets: [string, { code: string; gridCode: string; coordinates: Position }[]][] = [
    ['places', data.places.features.map((f) => ({ ...f.properties, coordinates: f.geometry.coordinates }))],
    ['devices', data.devices.features.map((f) => ({ ...f.properties, coordinates: f.geometry.coordinates }))],
    ['forces', data.forces.features.map((f) => ({ ...f.properties, coordinates: f.geometry.coordinates }))],
    ['key people', data.keyPeople.map((p) => ({ ...p, coordinates: [p.lon, p.lat] }))],
  ];

  it.each(pointSets)('puts all %s inside the township and inside the grid they claim', (_, points) => {
    for (const p of points) {
      const grid = gridByCode.get(p.gridCode);
      expect(grid, p.code).toBeDefined();
      expect(inside(p.coordinates, township), p.code).toBe(true);
      expect(inside(p.coordinates, (grid as Feature<Polygon>).geometry), p.code).toBe(true);
    }
  });

  it.each(pointSets)('gives %s unique codes', (_, points) => {
    expect(new Set(points.map((p) => p.code)).size).toBe(points.length);
  });
});

describe('places', () => {
  const ranges: Record<PlaceKind, [number, number]> = {
    village_committee: [43, 43],
    school: [10, 14],
    kindergarten: [8, 12],
    clinic: [26, 36],
    elderly_care: [8, 12],
    shelter: [25, 35],
    reservoir: [6, 10],
    river_gauge: [6, 10],
    chemical_plant: [4, 6],
    market: [5, 7],
    gas_station: [4, 6],
    cultural_hall: [43, 43],
    pumping_station: [6, 10],
    enterprise: [15, 25],
  };

  it('has 200–320 key places in all', () => {
    expect(data.places.features.length).toBeGreaterThanOrEqual(200);
    expect(data.places.features.length).toBeLessThanOrEqual(320);
  });

  it.each(PLACE_KINDS.map((k) => [k, ...ranges[k]] as const))('has a plausible number of %s (%i–%i)', (kind, min, max) => {
    expect(placesOf(kind).length).toBeGreaterThanOrEqual(min);
    expect(placesOf(kind).length).toBeLessThanOrEqual(max);
  });

  it('names the village the place stands in as the village of its grid', () => {
    for (const p of data.places.features) expect(gridByCode.get(p.properties.gridCode)?.properties.villageCode, p.properties.code).toBe(p.properties.villageCode);
  });

  it('has one committee in every village, named after it', () => {
    for (const v of villages) {
      const committees = placesOf('village_committee').filter((p) => p.properties.villageCode === v.properties.code);
      expect(committees, v.properties.name).toHaveLength(1);
      expect(committees[0]?.properties.name.startsWith(v.properties.name)).toBe(true);
    }
  });

  it('has one cultural hall in every village and community, named after it', () => {
    for (const v of villages) {
      const halls = placesOf('cultural_hall').filter((p) => p.properties.villageCode === v.properties.code);
      expect(halls, v.properties.name).toHaveLength(1);
      expect(halls[0]?.properties.name).toBe(`${v.properties.name}文化礼堂`);
    }
  });

  it('has one township health centre among the clinics', () => {
    expect(placesOf('clinic').filter((p) => p.properties.name === '湖镇镇卫生院')).toHaveLength(1);
  });

  it('gives shelters, and only shelters, a capacity of 100–3000', () => {
    for (const p of data.places.features) {
      if (p.properties.kind !== 'shelter') expect(p.properties.capacity, p.properties.code).toBeUndefined();
      else {
        expect(p.properties.capacity).toBeGreaterThanOrEqual(100);
        expect(p.properties.capacity).toBeLessThanOrEqual(3000);
      }
    }
  });

  it('puts river gauges on the river and reservoirs in the hilly south, away from it', () => {
    for (const p of placesOf('river_gauge')) expect(riverKm(p.geometry.coordinates), p.properties.name).toBeLessThan(GAUGE_MAX_RIVER_KM);
    for (const p of placesOf('reservoir')) {
      expect(riverKm(p.geometry.coordinates), p.properties.name).toBeGreaterThan(RESERVOIR_MIN_RIVER_KM);
      expect(southernHalf(p.geometry.coordinates), p.properties.name).toBe(true);
    }
  });

  it('puts pumping stations near the river, within 300 m of it', () => {
    for (const p of placesOf('pumping_station')) expect(riverKm(p.geometry.coordinates), p.properties.name).toBeLessThan(PUMPING_STATION_MAX_RIVER_KM);
  });

  it('marks fictitious enterprises, gauges and pumping stations as schematic in their names', () => {
    for (const kind of ['river_gauge', 'pumping_station', 'chemical_plant', 'enterprise', 'gas_station'] as const) for (const p of placesOf(kind)) expect(p.properties.name).toMatch(/（示意）$/);
  });
});

describe('devices', () => {
  const devices = data.devices.features.map((f) => f.properties);
  const places = new Map(data.places.features.map((p) => [p.properties.code, p.properties]));

  it('has 300–500 devices of every type, coded like DEV-WL-001', () => {
    expect(devices.length).toBeGreaterThanOrEqual(300);
    expect(devices.length).toBeLessThanOrEqual(500);
    for (const type of DEVICE_TYPES) expect(devices.some((d) => d.type === type), type).toBe(true);
    for (const d of devices) expect(d.code).toMatch(/^DEV-[A-Z]{2}-\d{3}$/);
  });

  it('orders its thresholds: normal range below warning, warning not above critical', () => {
    for (const d of devices) {
      expect(d.normalMin, d.code).toBeLessThanOrEqual(d.normalMax);
      expect(d.normalMax, d.code).toBeLessThan(d.warnAbove);
      expect(d.warnAbove, d.code).toBeLessThanOrEqual(d.criticalAbove);
    }
  });

  it('never raises an alarm for a camera reporting 1 (online) or 0 (offline)', () => {
    for (const d of devices.filter((x) => x.type === 'camera')) expect(d.warnAbove, d.code).toBeGreaterThan(1);
  });

  it('stands in the grid of the place it belongs to', () => {
    for (const d of devices) {
      if (!d.placeCode) continue;
      expect(places.get(d.placeCode)?.gridCode, d.code).toBe(d.gridCode);
    }
  });

  it('measures water levels at river gauges, reservoirs and pumping stations only, in metres', () => {
    for (const d of devices.filter((x) => x.type === 'water_level')) {
      expect(['river_gauge', 'reservoir', 'pumping_station']).toContain(places.get(d.placeCode ?? '')?.kind);
      expect(d.unit).toBe('m');
    }
  });

  it('gives every pumping station a water-level gauge and every cultural hall a smoke detector', () => {
    const wanted = [['pumping_station', 'water_level'], ['cultural_hall', 'smoke']] as const;
    for (const [kind, type] of wanted) {
      for (const p of placesOf(kind)) expect(devices.some((d) => d.placeCode === p.properties.code && d.type === type), p.properties.name).toBe(true);
    }
  });

  it('puts geological-hazard sensors in the hilly south', () => {
    for (const f of data.devices.features.filter((x) => x.properties.type === 'geo_hazard')) expect(southernHalf(f.geometry.coordinates), f.properties.code).toBe(true);
  });
});

describe('forces, workers and key people', () => {
  it('has 25–40 response forces of every kind, with a Longyou office phone', () => {
    const forces = data.forces.features.map((f) => f.properties);
    expect(forces.length).toBeGreaterThanOrEqual(25);
    expect(forces.length).toBeLessThanOrEqual(40);
    for (const kind of FORCE_KINDS) expect(forces.some((f) => f.kind === kind), kind).toBe(true);
    for (const f of forces) {
      expect(f.phone).toMatch(/^0570-7\d{6}$/);
      expect(f.members).toBeGreaterThan(0);
    }
    expect(forces.map((f) => f.name)).toEqual(expect.arrayContaining(['湖镇派出所', '湖镇专职消防队', '湖镇镇卫生院急救点']));
  });

  it('has one grid leader per village and one or two grid workers per grid', () => {
    const { workers } = data;
    for (const v of villages) {
      const leaders = workers.filter((w) => w.role === 'grid_leader' && gridByCode.get(w.gridCode)?.properties.villageCode === v.properties.code);
      expect(leaders, v.properties.name).toHaveLength(1);
    }
    for (const g of grids) {
      const count = workers.filter((w) => w.role === 'grid_worker' && w.gridCode === g.properties.code).length;
      expect(count, g.properties.code).toBeGreaterThanOrEqual(1);
      expect(count, g.properties.code).toBeLessThanOrEqual(2);
    }
    for (const w of workers) {
      expect(w.code).toMatch(/^W\d{4}$/);
      expect(w.phone).toMatch(/^1\d{10}$/);
      expect(w.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
    }
    expect(new Set(workers.map((w) => w.code)).size).toBe(workers.length);
  });

  it('has 2000–4000 key people, spread over the grids in proportion to their residents', () => {
    const people = data.keyPeople;
    expect(people.length).toBeGreaterThanOrEqual(2000);
    expect(people.length).toBeLessThanOrEqual(4000);
    const residents = grids.reduce((s, g) => s + g.properties.population, 0);
    for (const g of grids) {
      const expected = (people.length * g.properties.population) / residents;
      expect(Math.abs(people.filter((p) => p.gridCode === g.properties.code).length - expected), g.properties.code).toBeLessThanOrEqual(1);
    }
  });

  it('gives each key person one or two different groups, elderly living alone the most often and correction/mental disorder rare', () => {
    const count = (g: KeyGroup) => data.keyPeople.filter((p) => p.groups.includes(g)).length;
    for (const p of data.keyPeople) {
      expect(p.groups.length).toBeGreaterThanOrEqual(1);
      expect(p.groups.length).toBeLessThanOrEqual(2);
      expect(new Set(p.groups).size).toBe(p.groups.length);
      for (const g of p.groups) expect(KEY_GROUPS).toContain(g);
    }
    expect(count('elderly_alone')).toBeGreaterThan(count('disabled'));
    expect(count('disabled')).toBeGreaterThan(count('low_income'));
    expect(count('low_income')).toBeGreaterThan(count('left_behind_child'));
    for (const rare of ['community_correction', 'mental_disorder'] as const) expect(count(rare) / data.keyPeople.length).toBeLessThan(0.05);
  });

  it('gives each key person a unique, valid Longyou ID number whose birth date fits their groups', () => {
    const ids = data.keyPeople.map((p) => p.idNumber);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of data.keyPeople) {
      expect(isValidIdNumber(p.idNumber), p.code).toBe(true);
      expect(p.idNumber.startsWith('330825')).toBe(true);
      const age = ageOn(p.idNumber.slice(6, 14));
      if (p.groups.includes('elderly_alone')) expect(age, p.code).toBeGreaterThanOrEqual(65);
      if (p.groups.includes('left_behind_child')) expect(age, p.code).toBeLessThan(16);
      if (p.groups.includes('community_correction')) expect(age, p.code).toBeGreaterThanOrEqual(18);
    }
  });

  it('gives each key person a mobile phone and a house-number address in their own village', () => {
    for (const p of data.keyPeople) {
      const village = villageByCode.get(gridByCode.get(p.gridCode)?.properties.villageCode ?? '');
      expect(p.phone).toMatch(/^1\d{10}$/);
      expect(p.address.startsWith(`湖镇镇${village?.properties.name}`), p.code).toBe(true);
      expect(p.address).toMatch(/\d+(号|室)$/);
    }
  });
});

describe('manifest', () => {
  it('counts what the files hold', () => {
    expect(data.manifest.counts).toMatchObject({
      villages: villages.length,
      grids: grids.length,
      places: data.places.features.length,
      devices: data.devices.features.length,
      forces: data.forces.features.length,
      departments: data.catalogue.departments.length,
      items: data.catalogue.items.length,
      workers: data.workers.length,
      keyPeople: data.keyPeople.length,
    });
  });

  it('names the seed, the generator, the township and the sources, and says the shapes are schematic', () => {
    const { manifest } = data;
    expect(manifest.seed).toBe(DEFAULT_SEED);
    expect(manifest.generator).toMatch(/^gis-data\/scripts\/generate\.ts v\d+$/);
    expect(manifest.township).toEqual({ code: '330825101', name: '湖镇镇', countyCode: '330825', countyName: '龙游县' });
    expect(manifest.attribution).toContain('县界：DataV.GeoAtlas（数据来源：高德地图）');
    expect(manifest.attribution.some((line) => line.includes('国家统计局 2023年统计用区划代码'))).toBe(true);
    expect(manifest.attribution.some((line) => line.includes('示意'))).toBe(true);
  });
});
