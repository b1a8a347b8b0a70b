import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { MIN_NODE_MAJOR, runtimeProblem } from '../../scripts/runtime.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('the supported runtime', () => {
  it('is the one these tests run on: the project\'s own Node.js 24, not the machine\'s', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(MIN_NODE_MAJOR);
    expect(runtimeProblem()).toBeNull();
  });

  it('refuses Node.js 20 and 22 with what to do, and accepts 24 and later', () => {
    for (const old of ['20.20.2', '22.11.0', '23.9.9', '']) {
      const problem = runtimeProblem(old);
      expect(problem).toContain('needs Node.js 24 or newer');
      expect(problem).toContain('npm start');
    }
    for (const ok of ['24.0.0', '24.22.3', '26.1.0']) expect(runtimeProblem(ok)).toBeNull();
  });

  // The machine's own Node.js is 20 on a fresh machine here; where it is already new enough there is
  // nothing old to start, and the case is reported as skipped rather than passed.
  const systemNode = spawnSync('/usr/bin/node', ['-p', 'process.versions.node'], { encoding: 'utf8' });
  const systemIsOld = systemNode.status === 0 && runtimeProblem(systemNode.stdout.trim()) !== null;

  it.runIf(systemIsOld)('stops an entry point started on the machine\'s old Node.js before it does anything', () => {
    const run = spawnSync('/usr/bin/node', ['--import', 'tsx', 'api/main.ts'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, PORT: '0' }, timeout: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('command-wall needs Node.js 24 or newer');
    expect(run.stdout).not.toContain('HUB_READY');
  });
});
