import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneIdempotencyKeys } from '../../api/http/idempotency.ts';
import { backendName, startTestHub, type Client, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let iot: Client;
let otherIot: Client;
let device: string;

beforeAll(async () => {
  hub = await startTestHub();
  iot = await hub.integrationClient(['readings', 'events']);
  otherIot = await hub.integrationClient(['readings']);
  device = (await hub.db.query<{ code: string }>(`SELECT code FROM devices WHERE type = 'air_quality' ORDER BY code LIMIT 1`))[0]!.code;
});
afterAll(() => hub?.stop());

const batch = (value: number, n = 3) => ({
  readings: Array.from({ length: n }, (_, i) => ({ deviceCode: device, ts: new Date(Date.now() - (n - i) * 60_000).toISOString(), value })),
});
const postWithKey = (client: Client, path: string, body: unknown, key: string) =>
  client.api(path, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body) });
const readingsStored = async () => (await hub.db.query<{ n: number }>('SELECT count(*) AS n FROM readings'))[0]!.n;

describe(`Idempotency-Key (${backendName})`, () => {
  it('stores a batch sent twice with one key once, and answers the retry with the original result', async () => {
    const before = await readingsStored();
    const body = batch(42);
    const first = await postWithKey(iot, '/readings', body, 'batch-0001');
    const retry = await postWithKey(iot, '/readings', body, 'batch-0001');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replay')).toBe('true');
    expect(await retry.json()).toEqual(await first.json());
    expect(await readingsStored()).toBe(before + 3);
  });

  it('stores once when copies with one key arrive at the same moment', async () => {
    const before = await readingsStored();
    const body = batch(43, 5);
    const answers = await Promise.all(Array.from({ length: 6 }, () => postWithKey(iot, '/readings', body, 'batch-0002')));
    expect(answers.map((a) => a.status)).toEqual(Array(6).fill(201));
    expect(answers.filter((a) => a.headers.get('idempotent-replay') === 'true')).toHaveLength(5);
    expect(await readingsStored()).toBe(before + 5);
  });

  it('refuses a key reused for a different request with 409, storing nothing', async () => {
    await postWithKey(iot, '/readings', batch(44), 'batch-0003');
    const before = await readingsStored();
    const reused = await postWithKey(iot, '/readings', batch(45), 'batch-0003');
    expect(reused.status).toBe(409);
    expect(await readingsStored()).toBe(before);
  });

  it('keeps keys apart per credential', async () => {
    const before = await readingsStored();
    await postWithKey(iot, '/readings', batch(46, 1), 'shared-key');
    const other = await postWithKey(otherIot, '/readings', batch(46, 1), 'shared-key');
    expect(other.headers.get('idempotent-replay')).toBeNull();
    expect(await readingsStored()).toBe(before + 2);
  });

  it('does not remember a rejected write: fixed and sent again with the same key, it is stored', async () => {
    const bad = { readings: [{ deviceCode: 'DEV-NOPE', ts: new Date().toISOString(), value: 1 }] };
    expect((await postWithKey(iot, '/readings', bad, 'batch-0004')).status).toBe(400);
    const [row] = await hub.db.query(`SELECT 1 FROM idempotency_keys WHERE key = 'batch-0004'`);
    expect(row).toBeUndefined();
    const before = await readingsStored();
    const fixed = await postWithKey(iot, '/readings', batch(48, 1), 'batch-0004');
    expect(fixed.status).toBe(201);
    expect(fixed.headers.get('idempotent-replay')).toBeNull();
    expect(await readingsStored()).toBe(before + 1);
  });

  it('answers 400 to a key that is not visible ASCII or too long', async () => {
    expect((await postWithKey(iot, '/readings', batch(47, 1), 'x'.repeat(129))).status).toBe(400);
    expect((await postWithKey(iot, '/readings', batch(47, 1), 'has space')).status).toBe(400);
  });

  it('answers an event retried with its key with the same event, stored once', async () => {
    const [place] = await hub.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1');
    const event = { title: '幂等测试', category: 'other', source: 'hotline_12345', lon: place!.lon, lat: place!.lat };
    const first = await postWithKey(iot, '/events', event, 'event-0001');
    const retry = await postWithKey(iot, '/events', event, 'event-0001');
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(await retry.json()).toEqual(await first.json());
    const [count] = await hub.db.query<{ n: number }>(`SELECT count(*) AS n FROM events WHERE title = '幂等测试'`);
    expect(count!.n).toBe(1);
  });

  it('forgets a key once it is past the replay window: the table does not grow for years', async () => {
    const before = await readingsStored();
    const body = batch(48, 1);
    const fresh = batch(49, 1);
    await postWithKey(iot, '/readings', body, 'old-key-1');
    await postWithKey(iot, '/readings', fresh, 'fresh-key-1');
    await hub.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '73 hours' WHERE key = 'old-key-1'`);
    expect(await pruneIdempotencyKeys(hub.db, new Date(Date.now() - 72 * 3_600_000))).toBe(1);
    const keys = (await hub.db.query<{ key: string }>(`SELECT key FROM idempotency_keys WHERE key IN ('old-key-1', 'fresh-key-1')`)).map((r) => r.key);
    expect(keys).toEqual(['fresh-key-1']);
    // A retry after the window is a new write; one within it is still a replay.
    expect((await postWithKey(iot, '/readings', body, 'old-key-1')).headers.get('idempotent-replay')).toBeNull();
    expect((await postWithKey(iot, '/readings', fresh, 'fresh-key-1')).headers.get('idempotent-replay')).toBe('true');
    expect(await readingsStored()).toBe(before + 3);
  });

  it('is pruned by the hub itself: a hub starting up deletes the keys past IDEMPOTENCY_RETENTION_HOURS', async () => {
    await postWithKey(iot, '/readings', batch(50, 1), 'old-key-2');
    await hub.db.query(`UPDATE idempotency_keys SET created_at = now() - interval '73 hours' WHERE key = 'old-key-2'`);
    hub = await hub.restart();
    expect(await hub.db.query(`SELECT 1 FROM idempotency_keys WHERE key = 'old-key-2'`)).toEqual([]);
  }, 60_000);
});
