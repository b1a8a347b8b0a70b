import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health, TownshipInfo } from '../../contract/api.ts';
import { backendName, startTestHub, type Client, type TestHub } from '../support/hub.ts';

let hub: TestHub;
let wall: Client;
beforeAll(async () => {
  hub = await startTestHub();
  wall = await hub.displayClient();
});
afterAll(() => hub?.stop());

describe(`the hub at start (${backendName})`, () => {
  it('reports its database kind and status on /health', async () => {
    const res = await hub.anonymous.api('/health');
    expect(res.status).toBe(200);
    const health = (await res.json()) as Health;
    expect(health.status).toBe('ok');
    expect(health.database.kind).toBe(backendName);
    expect(health.database.version).toMatch(/^\d+/);
    expect(health.township).toEqual({ code: '330825101', name: '湖镇镇' });
  });

  it('imported the demo township on first start: 43 villages and their grids', async () => {
    const [counts] = await hub.db.query<{ villages: number; grids: number; key_people: number; devices: number }>(
      `SELECT (SELECT count(*) FROM villages) AS villages, (SELECT count(*) FROM grids) AS grids,
              (SELECT count(*) FROM key_people) AS key_people, (SELECT count(*) FROM devices) AS devices`,
    );
    expect(counts!.villages).toBe(43);
    expect(counts!.grids).toBeGreaterThanOrEqual(150);
    expect(counts!.grids).toBeLessThanOrEqual(250);
    expect(counts!.key_people).toBeGreaterThan(1000);
    expect(counts!.devices).toBeGreaterThan(100);
  });

  it('frames the map and credits the outline on /township', async () => {
    const info = (await (await wall.api('/township')).json()) as TownshipInfo;
    expect(info.name).toBe('湖镇镇');
    const [w, s, e, n] = info.bbox;
    expect(w).toBeLessThan(e);
    expect(s).toBeLessThan(n);
    expect(w).toBeGreaterThan(119.0);
    expect(e).toBeLessThan(119.35);
    expect(info.attribution).toContain('县界：DataV.GeoAtlas（数据来源：高德地图）');
  });

  it.each(['county', 'township', 'villages', 'grids', 'places', 'forces', 'river'])('serves the %s layer as GeoJSON with an ETag', async (name) => {
    const res = await wall.api(`/layers/${name}`);
    expect(res.status).toBe(200);
    const layer = (await res.json()) as { type: string; features: unknown[] };
    expect(layer.type).toBe('FeatureCollection');
    expect(layer.features.length).toBeGreaterThan(0);
    const again = await wall.api(`/layers/${name}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('answers unknown routes and layers with 404 and a reason', async () => {
    const layer = await wall.api('/layers/secret');
    expect(layer.status).toBe(404);
    expect(((await layer.json()) as { message: string }).message).toContain('secret');
    expect((await wall.api('/nothing-here')).status).toBe(404);
  });

  it('does not expose personal fields in any layer', async () => {
    const [person] = await hub.db.query<{ id_number: string; phone: string }>('SELECT id_number, phone FROM key_people LIMIT 1');
    for (const name of ['villages', 'grids', 'places', 'forces']) {
      const text = await (await wall.api(`/layers/${name}`)).text();
      expect(text).not.toContain(person!.id_number);
      expect(text).not.toContain(person!.phone);
    }
  });
});
