import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GIS_FILES } from '../../contract/gis.ts';
import { DEFAULT_OUT_DIR, DEFAULT_SEED, generateGisData, writeGisData } from '../../gis-data/scripts/generate.ts';

const GENERATION_BUDGET_MS = 20_000;

describe('the generator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gis-huzhen-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    'reproduces the committed files byte for byte from the default seed, within the time budget',
    () => {
      const started = performance.now();
      writeGisData(dir, generateGisData(DEFAULT_SEED));
      expect(performance.now() - started).toBeLessThan(GENERATION_BUDGET_MS);
      expect(readdirSync(dir).sort()).toEqual(Object.values(GIS_FILES).sort());
      for (const name of Object.values(GIS_FILES)) {
        const fresh = readFileSync(join(dir, name));
        const committed = readFileSync(join(DEFAULT_OUT_DIR, name));
        expect(fresh.equals(committed), `${name} differs from the committed file: run "npm run gis" and commit the result`).toBe(true);
      }
    },
    GENERATION_BUDGET_MS * 2,
  );

  it(
    'draws a different township from another seed, with the same real villages',
    () => {
      const other = generateGisData(DEFAULT_SEED + 1);
      const committed = (name: string) => readFileSync(join(DEFAULT_OUT_DIR, name), 'utf8');
      expect(other[GIS_FILES.villages]).not.toBe(committed(GIS_FILES.villages));
      const names = (text: string) => (JSON.parse(text) as { features: { properties: { code: string } }[] }).features.map((f) => f.properties.code);
      expect(names(other[GIS_FILES.villages])).toEqual(names(committed(GIS_FILES.villages)));
    },
    GENERATION_BUDGET_MS * 2,
  );
});
