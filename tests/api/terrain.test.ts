// GET /terrain and /terrain/heights: the elevation grid the wall draws as Cesium terrain, for any
// caller with map.read, cacheable, and the same bytes as the gis-data files.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElevationHeader } from '../../contract/gis.ts';
import { decodeHeights } from '../../contract/heightmap.ts';
import { readGisData } from '../../gis-data/read.ts';
import { backendName, startTestHub, type Client, type TestHub } from '../support/hub.ts';

const gis = readGisData();
let hub: TestHub;
let wall: Client;
beforeAll(async () => {
  hub = await startTestHub();
  wall = await hub.displayClient();
});
afterAll(() => hub?.stop());

describe(`the elevation grid over HTTP (${backendName})`, () => {
  it('answers its header as JSON, schematic, with the gauges\' datums', async () => {
    const res = await wall.api('/terrain');
    expect(res.status).toBe(200);
    const header = (await res.json()) as ElevationHeader;
    expect(header).toEqual(gis.elevation.header);
    expect(header.schematic).toBe(true);
    expect(header.gauges.length).toBeGreaterThan(0);
  });

  it('answers its heights as bytes that decode with the header', async () => {
    const res = await wall.api('/terrain/heights');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(gis.elevation.heights))).toBe(true);
    expect(decodeHeights(gis.elevation.header, bytes)).toHaveLength(gis.elevation.header.cols * gis.elevation.header.rows);
  });

  it.each(['/terrain', '/terrain/heights'])('answers %s with 304 when the caller has it already', async (path) => {
    const first = await wall.api(path);
    await first.arrayBuffer();
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const again = await wall.api(path, { headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
  });

  it.each(['/terrain', '/terrain/heights'])('refuses %s without a credential', async (path) => {
    expect((await hub.anonymous.api(path)).status).toBe(401);
  });
});
