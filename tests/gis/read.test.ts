import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GIS_FILES } from '../../contract/gis.ts';
import { readGisData } from '../../gis-data/read.ts';

describe('readGisData', () => {
  it('reads the committed township by default, every collection typed and filled', () => {
    const data = readGisData();
    expect(data.manifest.township.name).toBe('湖镇镇');
    for (const layer of [data.county, data.township, data.villages, data.grids, data.river, data.places, data.devices, data.forces]) {
      expect(layer.type).toBe('FeatureCollection');
      expect(layer.features.length).toBeGreaterThan(0);
    }
    expect(data.workers.length).toBe(data.manifest.counts.workers);
    expect(data.keyPeople.length).toBe(data.manifest.counts.keyPeople);
    expect(data.catalogue.departments.length).toBe(data.manifest.counts.departments);
    expect(data.catalogue.items.length).toBe(data.manifest.counts.items);
  });

  it('names the missing file and how to get it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gis-empty-'));
    try {
      expect(() => readGisData(dir)).toThrow(new RegExp(`${GIS_FILES.manifest} is missing: run "npm run gis"`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gis-broken-'));
    try {
      writeFileSync(join(dir, GIS_FILES.manifest), '{ not json');
      expect(() => readGisData(dir)).toThrow(/manifest\.json is not valid JSON/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
