// Hub configuration, read from the environment once and validated, so a wrong setting stops the
// hub at start-up with a message instead of failing later in the middle of a shift.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  DATA_DIR: z.string().min(1).default(`${ROOT}data`),
  GIS_DIR: z.string().min(1).default(`${ROOT}gis-data/huzhen`),
  STATIC_DIR: z.string().min(1).default(`${ROOT}dist/screen`),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Coalescing window for statistics pushes: at most one push per window. */
  STATS_PUSH_MS: z.coerce.number().int().min(0).max(10_000).default(250),
});

export interface HubConfig {
  port: number;
  host: string;
  /** Set: a real PostgreSQL server. Unset: embedded PGlite. */
  databaseUrl?: string;
  /** PGlite data folder; undefined keeps PGlite in memory (tests). */
  dataDir?: string;
  gisDir: string;
  staticDir: string;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  statsPushMs: number;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid hub configuration in the environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATABASE_URL ? undefined : e.DATA_DIR,
    gisDir: e.GIS_DIR,
    staticDir: e.STATIC_DIR,
    logLevel: e.LOG_LEVEL,
    statsPushMs: e.STATS_PUSH_MS,
  };
}

/** Defaults for tests: port 0, in-memory PGlite unless DATABASE_URL is set, quiet logs. */
export function testConfig(overrides: Partial<HubConfig> = {}): HubConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    databaseUrl: process.env.DATABASE_URL || undefined,
    dataDir: undefined,
    gisDir: `${ROOT}gis-data/huzhen`,
    staticDir: `${ROOT}dist/screen`,
    logLevel: 'silent',
    statsPushMs: 50,
    ...overrides,
  };
}
