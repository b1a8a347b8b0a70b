// Bad input of every kind gets a 4xx with a machine-readable reason, never a 5xx and never a
// partial write; text that looks like SQL or script is stored as the text it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventAccepted, ErrorBody } from '../../contract/api.ts';
import { backendName, startTestHub, type Client, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let iot: Client;
let place: { lon: number; lat: number };
let device: string;

beforeAll(async () => {
  hub = await startTestHub();
  iot = await hub.integrationClient();
  [place] = (await hub.db.query<{ lon: number; lat: number }>('SELECT lon, lat FROM places ORDER BY code LIMIT 1')) as [typeof place];
  device = (await hub.db.query<{ code: string }>('SELECT code FROM devices ORDER BY code LIMIT 1'))[0]!.code;
});
afterAll(() => hub?.stop());

const rows = async () => (await hub.db.query<{ n: number }>('SELECT (SELECT count(*) FROM readings) + (SELECT count(*) FROM events) AS n'))[0]!.n;
const reading = (value: string) => `{"readings":[{"deviceCode":"${device}","ts":"2026-11-21T08:00:00+08:00","value":${value}}]}`;

describe(`bad input (${backendName})`, () => {
  it.each([
    ['JSON nested a million levels deep', 400, 'validation', `{"readings":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`],
    ['a raw NaN', 400, 'invalid_json', reading('NaN')],
    ['a raw Infinity', 400, 'invalid_json', reading('Infinity')],
    ['a number too large for a double', 400, 'validation', reading('1e400')],
    ['a string where a number belongs', 400, 'validation', reading('"12"')],
    ['a body that is an array', 400, 'validation', '[1,2,3]'],
    ['a bare string body', 400, 'invalid_json', '"readings"'],
    ['an empty body', 400, 'validation', ''],
    ['a body over the size limit', 413, 'payload_too_large', `{"readings":[],"pad":"${'x'.repeat(5 * 1024 * 1024)}"}`],
  ])('answers %s with %i and stores nothing', async (_case, status, error, body) => {
    const before = await rows();
    const res = await iot.post('/readings', body);
    expect(res.status).toBe(status);
    expect(((await res.json()) as ErrorBody).error).toBe(error);
    expect(await rows()).toBe(before);
  });

  it('answers 400 for one bad item in a batch of 10,000 and stores none of them, naming the item', async () => {
    const before = await rows();
    const readings = Array.from({ length: 10_000 }, (_, i) => ({ deviceCode: device, ts: new Date(Date.now() - i * 1000).toISOString(), value: i }));
    readings[7_777] = { ...readings[7_777]!, ts: 'yesterday' };
    const res = await iot.post('/readings', { readings });
    expect(res.status).toBe(400);
    expect(((await res.json()) as ErrorBody).issues?.[0]?.path).toBe('readings.7777.ts');
    expect(await rows()).toBe(before);
  });

  it('stores SQL and script text as plain text and gives it back unchanged', async () => {
    const title = `'); DROP TABLE events; -- <script>alert(1)</script>`;
    const res = await iot.post('/events', { title, category: 'other', source: 'hotline_12345', lon: place.lon, lat: place.lat });
    expect(res.status).toBe(201);
    const { event } = (await res.json()) as EventAccepted;
    expect(event.title).toBe(title);
    const [stored] = await hub.db.query<{ title: string }>('SELECT title FROM events WHERE id = $1', [event.id]);
    expect(stored!.title).toBe(title);
  });
});
