// Hub configuration, read from the environment once and validated, so a wrong setting stops the
// hub at start-up with a message instead of failing later in the middle of a shift.
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { HubLimits } from './http/context.ts';

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
  /** Password of the first administrator, used once when no 'admin' account exists yet. */
  ADMIN_PASSWORD: z.string().min(1).optional(),
  /** Credentials a demo start-up (npm start) hands in; registered if new. */
  BOOTSTRAP_DISPLAY_TOKEN: z.string().startsWith('cwd_').optional(),
  BOOTSTRAP_INGEST_KEY: z.string().startsWith('cwk_').optional(),
  LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  INGEST_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(6_000),
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
  adminPassword?: string;
  bootstrapDisplayToken?: string;
  bootstrapIngestKey?: string;
  limits: HubLimits;
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
    adminPassword: e.ADMIN_PASSWORD,
    bootstrapDisplayToken: e.BOOTSTRAP_DISPLAY_TOKEN,
    bootstrapIngestKey: e.BOOTSTRAP_INGEST_KEY,
    limits: { loginPerMinute: e.LOGIN_PER_MINUTE, ingestPerMinute: e.INGEST_PER_MINUTE },
  };
}

/** The first administrator's password in tests (never used outside them). */
export const TEST_ADMIN_PASSWORD = 'Test-root-2026';

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
    adminPassword: TEST_ADMIN_PASSWORD,
    limits: { loginPerMinute: 1_000, ingestPerMinute: 1_000_000 },
    ...overrides,
  };
}
