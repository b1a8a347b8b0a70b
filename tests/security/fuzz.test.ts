// Property tests of the write routes against one real hub: whatever arrives — arbitrary JSON, SQL and
// script text, huge strings, deep nesting, NaN written raw, wrong content types, empty bodies, and
// near-valid bodies with one field broken — the hub answers 2xx or 4xx (never 5xx), a 4xx carries
// `error` and `message`, and a refused request stores nothing.
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted } from '../../contract/api.ts';
import { DEVICE_VALUE_RANGES, EVENT_CATEGORIES, EVENT_LEVELS, REPORTED_EVENT_SOURCES, type DeviceType } from '../../contract/domain.ts';
import { wgs84ToGcj02 } from '../../api/geo/datum.ts';
import { backendName, startTestHub, TEST_USER_PASSWORD, type Client, type SignedIn, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let duty: SignedIn;
let machine: Client;
let victim: SignedIn;
let places: { lon: number; lat: number }[];
let devices: { code: string; type: DeviceType }[];
let deviceCodes: string[];
let workerCodes: string[];
let ruleCodes: string[];

beforeAll(async () => {
  hub = await startTestHub();
  duty = await hub.signIn('duty_officer');
  victim = await hub.signIn('leader');
  machine = await hub.integrationClient();
  places = await hub.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code');
  devices = await hub.db.query<{ code: string; type: DeviceType }>('SELECT code, type FROM devices WHERE active ORDER BY code LIMIT 50');
  deviceCodes = devices.map((r) => r.code);
  workerCodes = [...hub.township.workers.keys()].slice(0, 50);
  ruleCodes = (await hub.db.query<{ code: string }>(`SELECT code FROM points_rules WHERE status = 'approved' ORDER BY code`)).map((r) => r.code);
});
afterAll(() => hub?.stop());

// What is stored --------------------------------------------------------------------------------

const TABLES = ['events', 'readings', 'patrol_points', 'points_ledger', 'users'] as const;
type Counts = Record<(typeof TABLES)[number], number>;

async function counts(): Promise<Counts> {
  const [row] = await hub.db.query<Counts>(`SELECT ${TABLES.map((t) => `(SELECT count(*) FROM ${t}) AS ${t}`).join(', ')}`);
  return row!;
}

/** Runs `property` and checks that the only new rows are the ones its 2xx answers account for. */
async function storesOnlyWhatWasAccepted(expected: () => Partial<Counts>, run: () => Promise<void>): Promise<void> {
  const before = await counts();
  await run();
  const after = await counts();
  const delta = Object.fromEntries(TABLES.map((t) => [t, after[t] - before[t]]));
  expect(delta).toEqual({ ...Object.fromEntries(TABLES.map((t) => [t, 0])), ...expected() });
}

// Sending and judging ------------------------------------------------------------------------------

interface Payload {
  body?: string | Uint8Array<ArrayBuffer>;
  contentType?: string;
  contentEncoding?: string;
  /** What the payload is, for the counterexample report. */
  kind: string;
}

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

const short = (s: string) => (s.length > 300 ? `${s.slice(0, 300)}… (${s.length} chars)` : s);

async function send(client: Client, path: string, payload: Payload): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (payload.contentType) headers['content-type'] = payload.contentType;
  if (payload.contentEncoding) headers['content-encoding'] = payload.contentEncoding;
  const res = await client.api(path, { method: 'POST', headers, body: payload.body });
  const text = await res.text();
  const sent = typeof payload.body === 'string' ? short(payload.body) : `${payload.body?.length ?? 0} bytes`;
  const fail = (why: string) => new Error(`POST ${path} [${payload.kind}] ${why}: ${res.status} ${short(text)}\nsent: ${sent}`);
  if (res.status >= 500 || res.status < 200 || (res.status >= 300 && res.status < 400)) throw fail('answered outside 2xx/4xx');
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw fail('answered with a body that is not JSON');
  }
  if (typeof body !== 'object' || body === null) throw fail('answered with JSON that is not an object');
  const record = body as Record<string, unknown>;
  if (res.status >= 400 && (typeof record.error !== 'string' || typeof record.message !== 'string')) throw fail('answered 4xx without error and message');
  if (/\bat .+\.(ts|js):\d+/.test(text)) throw fail('answered with a stack trace');
  return { status: res.status, body: record };
}

// Arbitraries ----------------------------------------------------------------------------------

const NASTY = [
  "'; DROP TABLE events;--", "' OR '1'='1", "1); DELETE FROM users; --", '$1', '\\', "\\'", '%s%s%s%n', '%00',
  '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{7*7}}', '${7*7}',
  '../../../../etc/passwd', '=HYPERLINK("http://evil.example")', '\u0000', 'a\u0000b', '\ud800', '\udfff', '\u202eevil',
  '\uffff', '😀👨‍👩‍👧', '湖镇镇新光村', ' ', '', '\n\r\t', 'null', 'undefined', 'NaN', 'Infinity', '-0', '1e999',
  '__proto__', 'constructor', 'prototype', 'toString',
  '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '9999-12-31T23:59:59-23:59', '2026-02-30T00:00:00Z', '2026-11-21T08:00:00',
] as const;

const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...NASTY), fc.string({ maxLength: 10 })).map(([a, b]) => a + b) },
);

const hugeString = fc
  .tuple(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }), fc.integer({ min: 1_000, max: 100_000 }))
  .map(([seed, length]) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length));

/** Arrays and objects nested ~200 levels deep. */
const deeplyNested = fc.tuple(fc.integer({ min: 150, max: 250 }), fc.constantFrom('array', 'object', 'mixed'), fc.jsonValue({ maxDepth: 1 })).map(([depth, shape, leaf]) => {
  let value: unknown = leaf;
  for (let i = 0; i < depth; i++) {
    const asArray = shape === 'array' || (shape === 'mixed' && i % 2 === 0);
    value = asArray ? [value] : { title: value, lon: 1 };
  }
  return value;
});

const oddNumber = fc.oneof(
  fc.constantFrom(-0, 0, -1, 1.5, 1e308, -1e308, 5e-324, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 180.0000001, -90.0000001),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

const recentIso = fc
  .tuple(fc.integer({ min: 1, max: 30 * 24 * 60 }), fc.constantFrom('Z', '+08:00', '+00:00', '-05:00', '+14:00'))
  .map(([minutesAgo, zone]) => {
    const iso = new Date(Date.now() - minutesAgo * 60_000).toISOString();
    if (zone === 'Z') return iso;
    const offset = (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
    return new Date(Date.parse(iso) + offset * 60_000).toISOString().replace('Z', zone);
  });

const anyTime = fc.oneof(
  recentIso,
  fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.constantFrom('Z', '+23:59', '-23:59', '+08:00'))
    .map(([year, zone]) => `${String(year).padStart(4, '0')}-01-01T00:00:00${zone}`),
);

/** Anything a field or a whole body might be. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 3, arbitrary: nastyString },
  { weight: 1, arbitrary: hugeString },
  { weight: 1, arbitrary: deeplyNested },
  { weight: 2, arbitrary: oddNumber },
  { weight: 2, arbitrary: anyTime },
);

type Json = Record<string, unknown>;

/** Every path to a value inside `value` (object keys and array indices). */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
}

interface Mutation {
  at: number;
  op: 'set' | 'delete' | 'extra';
  value: unknown;
  key: string;
}

/** A valid body with a few fields replaced, removed or added. */
function mutate(base: Json, mutations: Mutation[]): Json {
  const body = structuredClone(base);
  for (const m of mutations) {
    const paths = pathsOf(body);
    const path = paths[m.at % Math.max(paths.length, 1)] ?? [];
    const parentPath = m.op === 'extra' ? path : path.slice(0, -1);
    let parent: unknown = body;
    for (const step of parentPath) parent = (parent as Record<string | number, unknown>)[step];
    if (typeof parent !== 'object' || parent === null) parent = body;
    const container = parent as Record<string | number, unknown>;
    const key = m.op === 'extra' ? (Array.isArray(container) ? container.length : m.key) : path.at(-1);
    if (key === undefined) continue;
    if (m.op === 'delete') {
      if (Array.isArray(container) && typeof key === 'number') container.splice(key, 1);
      else delete container[key];
    } else {
      Object.defineProperty(container, key, { value: m.value, enumerable: true, writable: true, configurable: true });
    }
  }
  return body;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('set', 'set', 'set', 'delete', 'extra'),
  value: anyValue,
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'id', 'township_code', 'grid_code', 'status', 'role'), fc.string({ maxLength: 12 })),
});

const json = (value: unknown, kind: string, contentType = 'application/json'): Payload => ({ body: JSON.stringify(value) ?? 'null', contentType, kind });
const bytes = (text: string) => new TextEncoder().encode(text);

/** The body text of `base` with its first number (or an added field) written as NaN or Infinity. */
function rawNonFinite(base: Json, word: string): string {
  const text = JSON.stringify(base);
  const replaced = text.replace(/(":)(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/, `$1${word}`);
  return replaced !== text ? replaced : `${text.slice(0, -1)},"value":${word}}`;
}

/** Every kind of body for one route, around a valid `base`. */
function payloads(base: fc.Arbitrary<Json>): fc.Arbitrary<Payload> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.tuple(base, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([b, ms]) => json(mutate(b, ms), 'near-valid')) },
    { weight: 1, arbitrary: base.map((b) => json(b, 'valid')) },
    { weight: 3, arbitrary: anyValue.map((v) => json(v, 'any JSON value')) },
    { weight: 1, arbitrary: fc.tuple(base, fc.constantFrom('NaN', 'Infinity', '-Infinity', 'undefined', '0x10', '1e999', '.5', '01')).map(([b, w]) => ({ body: rawNonFinite(b, w), contentType: 'application/json', kind: `raw ${w}` })) },
    {
      weight: 1,
      arbitrary: fc.tuple(base, fc.nat(), fc.constantFrom('truncated', 'trailing comma', 'single quotes', 'bom', 'duplicate keys', 'proto')).map(([b, cut, how]): Payload => {
        const text = JSON.stringify(b);
        const body = how === 'truncated' ? text.slice(0, cut % text.length)
          : how === 'trailing comma' ? `${text.slice(0, -1)},}`
          : how === 'single quotes' ? text.replaceAll('"', "'")
          : how === 'bom' ? `\ufeff${text}`
          : how === 'duplicate keys' ? `${text.slice(0, -1)},${text.slice(1)}`
          : `{"__proto__":{"role":"admin","mustChangePassword":false},${text.slice(1)}`;
        return { body, contentType: 'application/json', kind: `malformed: ${how}` };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(base, fc.constantFrom(
        'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=xyz', 'application/xml', 'application/JSON',
        'application/json; charset=utf-16', 'application/json; charset=latin1', 'application/vnd.api+json', 'application/json-patch+json', 'none',
      )).map(([b, type]): Payload => (type === 'none' ? { body: bytes(JSON.stringify(b)), kind: 'no content type' } : json(b, `content type ${type}`, type))),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(base, fc.constantFrom('gzip', 'gzip-garbage', 'deflate-garbage', 'br-garbage', 'compress')).map(([b, how]): Payload => {
        const text = JSON.stringify(b);
        const body = how === 'gzip' ? new Uint8Array(gzipSync(text)) : bytes(text);
        return { body, contentType: 'application/json', contentEncoding: how.replace('-garbage', ''), kind: `content encoding ${how}` };
      }),
    },
    { weight: 1, arbitrary: fc.constantFrom<Payload>(
      { body: '', contentType: 'application/json', kind: 'empty JSON body' },
      { kind: 'no body at all' },
      { contentType: 'application/json', kind: 'no body, JSON content type' },
      { body: '   \n', contentType: 'application/json', kind: 'whitespace body' },
      { body: '\u0000', contentType: 'application/json', kind: 'NUL body' },
    ) },
  );
}

// Valid bodies -----------------------------------------------------------------------------------

const place = () => fc.constantFrom(...places);
const title = fc.oneof(
  fc.constantFrom('新光村垃圾堆放未及时清运', '道路积水', '路灯不亮', '河道漂浮物'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }).filter((s) => s.trim().length > 0 && s.length <= 200 && !s.includes('\u0000')),
);
let serial = 0;
const uniqueId = (prefix: string) => fc.constant(null).map(() => `${prefix}-${Date.now().toString(36)}-${++serial}`);

const validEvent: () => fc.Arbitrary<Json> = () =>
  fc.record(
    {
      title,
      category: fc.constantFrom(...EVENT_CATEGORIES),
      level: fc.constantFrom(...EVENT_LEVELS),
      source: fc.constantFrom(...REPORTED_EVENT_SOURCES),
      at: place(),
      content: fc.string({ maxLength: 300 }),
      reporterName: fc.constantFrom('徐建国', '王芳', 'Li Wei'),
      reporterPhone: fc.oneof(fc.stringMatching(/^1\d{10}$/), fc.stringMatching(/^0\d{3}-\d{7}$/)),
      occurredAt: recentIso,
      deadlineHours: fc.integer({ min: 1, max: 24 * 90 }),
      externalId: uniqueId('fuzz-event'),
      gcj02: fc.boolean(),
    },
    { requiredKeys: ['title', 'category', 'source', 'at', 'gcj02'] },
  ).map(({ at, gcj02, ...event }) => {
    const [lon, lat] = gcj02 ? wgs84ToGcj02([at.lon, at.lat]) : [at.lon, at.lat];
    return { ...event, lon, lat, ...(gcj02 ? { datum: 'GCJ02' } : {}) };
  });

const validReadings = () =>
  fc.record({
    // Each value inside its device type's physical range, so that a batch is mostly valid (the mutations break it).
    readings: fc.array(
      fc.constantFrom(...devices).chain((d) => fc.record({
        deviceCode: fc.constant(d.code), ts: recentIso, value: fc.double({ min: DEVICE_VALUE_RANGES[d.type].min, max: DEVICE_VALUE_RANGES[d.type].max, noNaN: true }),
      })),
      { minLength: 1, maxLength: 3 },
    ),
  });

const validPositions = () =>
  fc.record({
    positions: fc.array(
      fc.record({ workerCode: fc.constantFrom(...workerCodes), ts: recentIso, at: place() }).map(({ at, ...p }) => ({ ...p, lon: at.lon, lat: at.lat })),
      { minLength: 1, maxLength: 3 },
    ),
  });

const validPoints = () =>
  fc.record(
    { ruleCode: fc.constantFrom(...ruleCodes), workerCode: fc.constantFrom(...workerCodes), ts: recentIso, externalId: uniqueId('fuzz-points'), note: fc.string({ maxLength: 50 }) },
    { requiredKeys: ['ruleCode', 'workerCode', 'ts'] },
  );

/** Sign-in bodies for accounts that do not exist: `fuzz_…` usernames only, so no real account is locked. */
const fuzzLogin = () => fc.record({ username: nastyString.map((s) => `fuzz_${s}`), password: fc.string({ minLength: 1, maxLength: 40 }) });

/** Keeps every username the fuzzer sends a `fuzz_…` one. */
function onlyFuzzUsernames(payload: Payload): Payload {
  if (typeof payload.body !== 'string') return payload;
  try {
    const value: unknown = JSON.parse(payload.body);
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && 'username' in value) {
      const record = value as Json;
      if (typeof record.username === 'string' && !record.username.startsWith('fuzz_')) {
        return { ...payload, body: JSON.stringify({ ...record, username: `fuzz_${record.username}` }) };
      }
    }
  } catch {
    // not JSON: nobody's username
  }
  return payload;
}

const sum = (answers: Answer[], pick: (a: Answer) => number) => answers.reduce((total, a) => total + (a.status === 201 ? pick(a) : 0), 0);

/** The runs reached both sides: some bodies were stored, some refused (else the property proves little). */
function expectBothOutcomes(answers: Answer[]): void {
  expect(answers.filter((a) => a.status === 201).length).toBeGreaterThan(answers.length / 20);
  expect(answers.filter((a) => a.status >= 400).length).toBeGreaterThan(answers.length / 2);
}

// Inputs fuzzing found to fail with 500 (see the last describe): every run tries them first.
const NUL = 'a\u0000b';
const YEAR_ZERO = '0000-06-01T00:00:00Z';
const FAR_OFFSET = '2026-11-21T08:00:00+16:00';
const example = (body: Json): [Payload] => [json(body, 'example')];

// Properties -------------------------------------------------------------------------------------

describe(`fuzzing the write routes (${backendName})`, () => {
  it('POST /auth/login never fails with 5xx, never signs a fuzz_ name in, and stores no account', { timeout: 60_000 }, async () => {
    await storesOnlyWhatWasAccepted(() => ({}), () =>
      fc.assert(
        fc.asyncProperty(payloads(fuzzLogin()).map(onlyFuzzUsernames), async (payload) => {
          const { status } = await send(hub.anonymous, '/auth/login', payload);
          if (status < 400) throw new Error(`signed in with ${short(String(payload.body))}`);
        }),
        { numRuns: 150, examples: [example({ username: `fuzz_${NUL}`, password: 'x' })] },
      ));
  });

  it('random passwords for an existing account answer only 401, then 423 once it is locked', { timeout: 60_000 }, async () => {
    let locked = false;
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: 'binary', minLength: 1, maxLength: 100 }).filter((p) => p !== TEST_USER_PASSWORD && !p.includes('\u0000')) /* NUL: 400 at the door, tested apart */, async (password) => {
        const { status, body } = await send(hub.anonymous, '/auth/login', json({ username: victim.username, password }, 'victim'));
        expect(locked ? [423] : [401, 423]).toContain(status);
        if (status === 423) {
          expect(body.error).toBe('account_locked');
          locked = true;
        }
      }),
      { numRuns: 60 },
    );
    expect(locked).toBe(true);
    await hub.db.query('UPDATE users SET locked_until = NULL, failed_attempts = 0 WHERE username = $1', [victim.username]);
  });

  it('POST /events never fails with 5xx, and stores exactly the events it answered 201 for', { timeout: 60_000 }, async () => {
    const answers: Answer[] = [];
    const base = fc.sample(validEvent(), 1)[0]!;
    await storesOnlyWhatWasAccepted(() => ({ events: answers.filter((a) => a.status === 201).length }), () =>
      fc.assert(
        fc.asyncProperty(payloads(validEvent()), async (payload) => {
          answers.push(await send(duty, '/events', payload));
        }),
        { numRuns: 300, examples: [example({ ...base, title: NUL }), example({ ...base, occurredAt: YEAR_ZERO })] },
      ));
    expectBothOutcomes(answers);
  });

  it('POST /readings never fails with 5xx, and stores exactly the readings it accepted', { timeout: 60_000 }, async () => {
    const answers: Answer[] = [];
    const reading = (ts: string) => ({ readings: [{ deviceCode: deviceCodes[0]!, ts, value: 1 }] });
    await storesOnlyWhatWasAccepted(() => ({ readings: sum(answers, (a) => a.body.accepted as number) }), () =>
      fc.assert(
        fc.asyncProperty(payloads(validReadings()), async (payload) => {
          answers.push(await send(machine, '/readings', payload));
        }),
        { numRuns: 300, examples: [example(reading(YEAR_ZERO)), example(reading(FAR_OFFSET))] },
      ));
    expectBothOutcomes(answers);
  });

  it('POST /patrol-positions never fails with 5xx, and stores exactly the positions it accepted', { timeout: 60_000 }, async () => {
    const answers: Answer[] = [];
    const position = (ts: string) => ({ positions: [{ workerCode: workerCodes[0]!, ts, lon: places[0]!.lon, lat: places[0]!.lat }] });
    await storesOnlyWhatWasAccepted(() => ({ patrol_points: sum(answers, (a) => a.body.accepted as number) }), () =>
      fc.assert(
        fc.asyncProperty(payloads(validPositions()), async (payload) => {
          answers.push(await send(machine, '/patrol-positions', payload));
        }),
        { numRuns: 250, examples: [example(position(YEAR_ZERO)), example(position(FAR_OFFSET))] },
      ));
    expectBothOutcomes(answers);
  });

  it('POST /points never fails with 5xx, and stores exactly the actions it answered 201 for', { timeout: 60_000 }, async () => {
    const answers: Answer[] = [];
    const action = (ts: string, note?: string) => ({ ruleCode: ruleCodes[0]!, workerCode: workerCodes[0]!, ts, ...(note ? { note } : {}) });
    await storesOnlyWhatWasAccepted(() => ({ points_ledger: answers.filter((a) => a.status === 201).length }), () =>
      fc.assert(
        fc.asyncProperty(payloads(validPoints()), async (payload) => {
          answers.push(await send(machine, '/points', payload));
        }),
        { numRuns: 250, examples: [example(action(new Date().toISOString(), NUL)), example(action(YEAR_ZERO)), example(action(FAR_OFFSET))] },
      ));
    expectBothOutcomes(answers);
  });

  it('accepts every well-formed event inside the township with 201', { timeout: 60_000 }, async () => {
    let runs = 0;
    await storesOnlyWhatWasAccepted(() => ({ events: runs }), () =>
      fc.assert(
        fc.asyncProperty(validEvent(), async (event) => {
          const res = await duty.post('/events', event);
          const text = await res.text();
          if (res.status !== 201) throw new Error(`${res.status} ${short(text)}`);
          const accepted = JSON.parse(text) as EventAccepted;
          expect(accepted.duplicate).toBe(false);
          expect(accepted.event.title).toBe((event.title as string).trim());
          runs++;
        }),
        { numRuns: 200 },
      ));
  });
});

// Inputs the fuzzing found, kept as plain examples -------------------------------------------------

describe(`inputs the database cannot store (${backendName})`, () => {
  const event = () => ({ title: '道路积水', category: 'flood', source: 'resident', lon: places[0]!.lon, lat: places[0]!.lat });
  const points = () => ({ ruleCode: ruleCodes[0]!, workerCode: workerCodes[0]!, ts: new Date().toISOString() });
  const clientFor = (path: string) => (path === '/events' ? duty : path === '/auth/login' ? hub.anonymous : machine);

  // PostgreSQL text cannot hold U+0000: the hub must refuse it with a 400, not fail with a 500.
  it.each([
    ['/auth/login', 'username', () => ({ username: 'fuzz_\u0000', password: 'x' })],
    ['/events', 'title', () => ({ ...event(), title: 'a\u0000b' })],
    ['/events', 'content', () => ({ ...event(), content: '\u0000' })],
    ['/events', 'externalId', () => ({ ...event(), externalId: 'x\u0000' })],
    ['/points', 'note', () => ({ ...points(), note: '\u0000' })],
    ['/points', 'externalId', () => ({ ...points(), externalId: 'x\u0000' })],
  ] as const)('POST %s with U+0000 in %s answers 4xx, not 5xx', async (path, _field, body) => {
    const res = await clientFor(path).post(path, body());
    expect(res.status, await res.text()).toBeLessThan(500);
  });

  // The schemas accept any ISO 8601 time with an offset of up to ±23:59; PostgreSQL has no year 0
  // (1 BC) and takes offsets only up to ±15:59.
  it.each([
    ['/events', 'occurredAt', ['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+01:00'], (ts: string) => ({ ...event(), occurredAt: ts })],
    ['/readings', 'ts', ['0000-06-01T00:00:00Z', '2026-11-21T08:00:00+16:00', '2026-11-21T08:00:00-23:59'], (ts: string) => ({ readings: [{ deviceCode: deviceCodes[0]!, ts, value: 1 }] })],
    ['/patrol-positions', 'ts', ['0000-06-01T00:00:00Z', '2026-11-21T08:00:00+16:00'], (ts: string) => ({ positions: [{ workerCode: workerCodes[0]!, ts, lon: places[0]!.lon, lat: places[0]!.lat }] })],
    ['/points', 'ts', ['0000-06-01T00:00:00Z', '2026-11-21T08:00:00+16:00'], (ts: string) => ({ ...points(), ts })],
  ] as const)('POST %s with a %s value PostgreSQL cannot hold answers 4xx, not 5xx', async (path, _field, times, body) => {
    const answers: string[] = [];
    for (const ts of times) {
      const res = await clientFor(path).post(path, body(ts));
      answers.push(`${ts} → ${res.status} ${(await res.text()).slice(0, 80)}`);
    }
    expect(answers.filter((a) => / → 5\d\d /.test(a))).toEqual([]);
  });
});
