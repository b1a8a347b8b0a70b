import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Router } from 'express';
import type { HubContext } from '../../api/http/context.ts';
import { ROUTE_DOCS } from '../../api/http/openapi.ts';
import { capabilityRouters } from '../../api/http/app.ts';
import { healthRoute } from '../../api/http/routes/read.ts';
import { backendName, startTestHub, type TestHub } from '../support/hub.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
});
afterAll(() => hub?.stop());

/** "post /events" for every route the routers really register (building a router touches no database). */
function registeredRoutes(): string[] {
  const ctx = { limits: { loginPerMinute: 1, ingestPerMinute: 1, clockSkewMs: 1 } } as HubContext;
  const routers: Router[] = [healthRoute(ctx), ...capabilityRouters(ctx)];
  const found: string[] = [];
  for (const router of routers) {
    for (const layer of router.stack as { route?: { path: string; methods: Record<string, boolean> } }[]) {
      if (!layer.route) continue;
      for (const method of Object.keys(layer.route.methods)) found.push(`${method} ${layer.route.path}`);
    }
  }
  return found.sort();
}

describe(`GET /api/v1/openapi.json (${backendName})`, () => {
  it('describes exactly the routes the hub registers', () => {
    expect(ROUTE_DOCS.map((r) => `${r.method} ${r.path}`).sort()).toEqual(registeredRoutes());
  });

  it('is served without a credential as OpenAPI 3.1', async () => {
    const res = await hub.anonymous.api('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/api/v1/events/{id}/transition');
  });

  it('takes its request bodies from the validating schemas: ranges, enums, required fields and strictness', async () => {
    const doc = (await (await hub.anonymous.api('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>>;
    };
    const event = doc.paths['/api/v1/events']!.post!.requestBody!.content['application/json']!.schema as {
      required: string[]; additionalProperties: boolean; properties: Record<string, { minimum?: number; maximum?: number; enum?: string[] }>;
    };
    expect(event.required).toEqual(expect.arrayContaining(['title', 'source', 'lon', 'lat'])); // category, or an itemCode that implies it
    expect(event.properties.category!.enum).toContain('fire');
    expect(event.additionalProperties).toBe(false);
    expect(event.properties.lon).toMatchObject({ minimum: -180, maximum: 180 });
    expect(event.properties.datum!.enum).toEqual(['WGS84', 'GCJ02', 'BD09']);
    const readings = doc.paths['/api/v1/readings']!.post!.requestBody!.content['application/json']!.schema as {
      properties: { readings: { maxItems: number } };
    };
    expect(readings.properties.readings.maxItems).toBe(10_000);
  });

  it('passes Redocly\'s recommended lint as served, with no error and no warning', async () => {
    const res = await hub.anonymous.api('/openapi.json');
    const dir = mkdtempSync(join(tmpdir(), 'cw-openapi-'));
    try {
      const file = join(dir, 'openapi.json');
      writeFileSync(file, await res.text());
      // Exit code 1 on errors; warnings only show in the report, so the report is what is checked.
      const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/redocly'), ['lint', '--format=json', '--config', join(ROOT, 'redocly.yaml'), file], {
        cwd: ROOT, env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      }).catch((failure: { stdout?: string }) => ({ stdout: failure.stdout ?? '' }));
      const report = JSON.parse(stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
      expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names every operation uniquely, for client generators', async () => {
    const doc = (await (await hub.anonymous.api('/openapi.json')).json()) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(ROUTE_DOCS.length);
  });
});
