// Hub configuration, read from the environment once and validated, so a wrong setting stops the
// hub at start-up with a message instead of failing later in the middle of a shift.
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { BootstrapAccount } from './auth/accounts.ts';
import { DEFAULT_POLICY, TEST_POLICY, type RoomPolicy } from './domain/policy.ts';
import type { HubLimits } from './http/context.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

const BootstrapAccountList = z.array(z.strictObject({
  username: z.string().regex(/^[a-z0-9_.-]{3,32}$/),
  displayName: z.string().min(1).max(100),
  role: z.enum(['leader', 'duty_officer']),
  password: z.string().min(1).max(256),
})).max(20);

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
  /** Demo accounts to create if missing: a JSON array of { username, displayName, role (leader | duty_officer), password }. */
  BOOTSTRAP_ACCOUNTS: z.string().optional().transform((value, ctx): BootstrapAccount[] => {
    if (!value) return [];
    const parsed = BootstrapAccountList.safeParse((() => { try { return JSON.parse(value) as unknown; } catch { return null; } })());
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: `must be a JSON array of { username, displayName, role: leader | duty_officer, password }: ${parsed.error.issues[0]?.message ?? 'not JSON'}` });
      return z.NEVER;
    }
    return parsed.data;
  }),
  LOGIN_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(20),
  INGEST_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(6_000),
  /** How far ahead of the hub's clock a reading, event, position or points action may be dated. */
  CLOCK_SKEW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  /** Which proxies in front of the hub may tell the client's address (X-Forwarded-For); none unless set. */
  TRUST_PROXY: z.string().default('').transform((value, ctx): TrustProxy => {
    const parsed = parseTrustProxy(value);
    if ('error' in parsed) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.trust;
  }),
  /** How long an Idempotency-Key is remembered: a retry within this window is answered from the first write. */
  IDEMPOTENCY_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(72),
  /** A client has this long to send its request headers, and this long for the whole request. */
  HEADERS_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(300).default(10),
  REQUEST_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  /** A report of the same category this close to an open event, this soon after it, is linked to it. */
  DUPLICATE_RADIUS_METRES: z.coerce.number().min(0).max(5_000).default(DEFAULT_POLICY.duplicateRadiusM),
  DUPLICATE_WINDOW_MINUTES: z.coerce.number().min(0).max(7 * 24 * 60).default(DEFAULT_POLICY.duplicateWindowMs / 60_000),
  /** Share of an event's time after which it counts as nearing its deadline. */
  DEADLINE_NEARING_SHARE: z.coerce.number().gt(0).lt(1).default(DEFAULT_POLICY.nearingShare),
  /** A device silent this long raises an offline alarm. */
  DEVICE_OFFLINE_AFTER_MINUTES: z.coerce.number().gt(0).max(7 * 24 * 60).default(DEFAULT_POLICY.deviceOfflineAfterMs / 60_000),
  /** Where escalations to the county centre are POSTed (optional; the county may read GET /escalations instead). */
  ESCALATION_WEBHOOK_URL: z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL').optional(),
});

/** Express's "trust proxy": false (no proxy), a hop count, or named addresses and subnets. */
export type TrustProxy = false | number | string[];
const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

export function parseTrustProxy(value: string): { trust: TrustProxy } | { error: string } {
  const text = value.trim();
  if (text === '' || text === 'false') return { trust: false };
  if (text === 'true') return { error: '"true" would let any client name its own address; give the proxy\'s address, subnet or "loopback" instead' };
  if (/^\d+$/.test(text)) return { trust: Number(text) === 0 ? false : Number(text) };
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!TRUST_PROXY_NAMES.has(entry) && (family === 0 || !bitsOk || extra !== undefined)) {
      return { error: `"${entry}" is not an address, a subnet (e.g. 10.0.0.0/8) or one of loopback, linklocal, uniquelocal` };
    }
  }
  return { trust: entries };
}

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
  bootstrapAccounts: BootstrapAccount[];
  limits: HubLimits;
  trustProxy: TrustProxy;
  idempotencyRetentionMs: number;
  policy: RoomPolicy;
  escalationWebhookUrl?: string;
  http: { headersTimeoutMs: number; requestTimeoutMs: number };
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): HubConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid hub configuration in the environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.HEADERS_TIMEOUT_SECONDS > e.REQUEST_TIMEOUT_SECONDS) {
    throw new Error('Invalid hub configuration in the environment:\n  HEADERS_TIMEOUT_SECONDS: must not exceed REQUEST_TIMEOUT_SECONDS (the headers are part of the request)');
  }
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
    bootstrapAccounts: e.BOOTSTRAP_ACCOUNTS,
    limits: { loginPerMinute: e.LOGIN_PER_MINUTE, ingestPerMinute: e.INGEST_PER_MINUTE, clockSkewMs: e.CLOCK_SKEW_SECONDS * 1000 },
    trustProxy: e.TRUST_PROXY,
    idempotencyRetentionMs: e.IDEMPOTENCY_RETENTION_HOURS * 3_600_000,
    policy: { duplicateRadiusM: e.DUPLICATE_RADIUS_METRES, duplicateWindowMs: e.DUPLICATE_WINDOW_MINUTES * 60_000, nearingShare: e.DEADLINE_NEARING_SHARE,
      deviceOfflineAfterMs: e.DEVICE_OFFLINE_AFTER_MINUTES * 60_000 },
    escalationWebhookUrl: e.ESCALATION_WEBHOOK_URL,
    http: { headersTimeoutMs: e.HEADERS_TIMEOUT_SECONDS * 1000, requestTimeoutMs: e.REQUEST_TIMEOUT_SECONDS * 1000 },
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
    bootstrapAccounts: [],
    limits: { loginPerMinute: 1_000, ingestPerMinute: 1_000_000, clockSkewMs: 300_000 },
    trustProxy: false,
    idempotencyRetentionMs: 72 * 3_600_000,
    policy: TEST_POLICY,
    http: { headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 },
    ...overrides,
  };
}
