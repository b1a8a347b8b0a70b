// Starts a real hub on port 0 for a test file: in-memory PGlite, or, when DATABASE_URL is set, the
// real PostgreSQL server in a schema of its own so test files never see each other's rows.
// Display tokens and API keys are made with the admin's own functions; accounts straight in the database.
import { randomBytes } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ErrorBody, LoginResponse, ServerToClientEvents, StatsSnapshot } from '../../contract/api.ts';
import { followFigures } from '../../contract/followFigures.ts';
import type { Role } from '../../contract/domain.ts';
import { testConfig, type HubConfig } from '../../api/config.ts';
import { hashPassword } from '../../api/auth/passwords.ts';
import { INTEGRATION_SCOPES, type IntegrationScope } from '../../api/auth/principal.ts';
import { startHub, type RunningHub } from '../../api/hub.ts';
import { createApiKey, createDisplayToken } from '../../api/domain/admin/credentials.ts';
import { createIsolatedSchema } from '../../api/db/isolatedSchema.ts';

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Client {
  token: string;
  api(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  put(path: string, body: unknown): Promise<Response>;
  /**
   * A connected socket, with the snapshot the hub sends on connect and the figures kept up to date
   * from its deltas. `beforeConnect` may add listeners before the handshake: a catch-up arrives
   * before sync:ready, which connect() waits for.
   */
  connect(options?: { lastSeq?: number; beforeConnect?: (socket: WallSocket) => void }): Promise<{ socket: WallSocket; snapshot: StatsSnapshot; figures: LiveFigures; ready: number }>;
}

/** The figures as a wall holds them: the connect snapshot with every delta applied. */
export interface LiveFigures {
  current(): StatsSnapshot;
  /** Resolves when the figures satisfy `match` (checked after each snapshot or delta). */
  until(match: (figures: StatsSnapshot) => boolean, timeoutMs?: number): Promise<StatsSnapshot>;
}

function mirrorFigures(socket: WallSocket): { figures: LiveFigures; first: Promise<StatsSnapshot> } {
  let current: StatsSnapshot | null = null;
  const waiters = new Set<() => void>();
  let resolveFirst!: (s: StatsSnapshot) => void;
  const first = new Promise<StatsSnapshot>((resolve) => (resolveFirst = resolve));
  followFigures(socket, {
    onFigures(snapshot) {
      current = snapshot;
      resolveFirst(snapshot);
      for (const wake of [...waiters]) wake();
    },
  });
  const figures: LiveFigures = {
    current: () => current!,
    until: (match, timeoutMs = 10_000) => new Promise((resolve, reject) => {
      const check = () => {
        if (current && match(current)) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(current);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`figures did not reach the expected state within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    }),
  };
  return { figures, first };
}

export interface SignedIn extends Client {
  username: string;
  villageCode: string | null;
  gridCode: string | null;
  workerCode: string | null;
}

export interface TestHub extends RunningHub {
  /** A client without credentials. */
  anonymous: Client;
  /** POST /auth/login as anybody, answered as is. */
  login(username: string, password: string): Promise<Response>;
  client(token: string): Client;
  /** A fresh account of `role`, signed in (grid roles get the first village/grid, or the ones given). */
  signIn(role: Exclude<Role, 'display'>, place?: { villageCode?: string; gridCode?: string }): Promise<SignedIn>;
  displayClient(): Promise<Client>;
  integrationClient(scopes?: IntegrationScope[]): Promise<Client>;
  /** Stops this hub and starts another on the same database (a new port; credentials stay valid). */
  restart(): Promise<TestHub>;
  /** Starts a second hub on the same database, as a second machine of the room would (PostgreSQL only). */
  sibling(): Promise<TestHub>;
}

export const backendName = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** A response body, typed. */
export const json = <T>(res: Response) => res.json() as Promise<T>;
export const errorOf = (res: Response) => json<ErrorBody>(res);

/** On PostgreSQL, a schema of its own for a hub (dropped by its owner); undefined on PGlite. */
export async function isolatedDatabase(): Promise<{ url: string; drop(): Promise<void> } | undefined> {
  return process.env.DATABASE_URL ? createIsolatedSchema(process.env.DATABASE_URL, 'test') : undefined;
}
export const TEST_USER_PASSWORD = 'Field-work-2026';

export async function startTestHub(overrides: Partial<HubConfig> = {}, shared?: { url: string; drop(): Promise<void> }): Promise<TestHub> {
  const isolated = shared ?? (await isolatedDatabase());
  const hub = await startHub(testConfig({ databaseUrl: isolated?.url, ...overrides }));
  let siblings: TestHub[] = [];
  const sockets: Socket[] = [];
  let serial = 0;
  const passwordHash = await hashPassword(TEST_USER_PASSWORD);

  const client = (token: string): Client => {
    const headers = (extra?: RequestInit['headers']) => ({ ...(token ? { authorization: `Bearer ${token}` } : {}), ...Object.fromEntries(new Headers(extra)) });
    const api = (path: string, init?: RequestInit) => fetch(`${hub.url}/api/v1${path}`, { ...init, headers: headers(init?.headers) });
    return {
      token,
      api,
      post: (path, body) => api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
      put: (path, body) => api(path, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
      async connect({ lastSeq, beforeConnect } = {}) {
        const auth = lastSeq === undefined ? { token } : { token, lastSeq };
        const socket: WallSocket = io(hub.url, { transports: ['websocket'], reconnection: false, autoConnect: false, auth });
        sockets.push(socket);
        beforeConnect?.(socket);
        // Listen before connecting: catch-up, ready and snapshot may arrive in the same frame as the handshake.
        const { figures, first } = mirrorFigures(socket);
        const ready = nextMessage(socket, 'sync:ready');
        const failed = new Promise<never>((_, reject) => socket.once('connect_error', reject));
        socket.connect();
        const [snapshot, seq] = await Promise.race([Promise.all([first, ready]), failed]);
        return { socket, snapshot, figures, ready: seq };
      },
    };
  };

  const firstGrid = async () =>
    (await hub.db.query<{ code: string; village_code: string }>('SELECT code, village_code FROM grids ORDER BY code LIMIT 1'))[0]!;

  return {
    ...hub,
    get township() {
      return hub.township;
    },
    anonymous: client(''),
    client,
    login: (username, password) => client('').post('/auth/login', { username, password }),
    async signIn(role, place = {}) {
      const username = `${role.replace('_', '')}${++serial}.${randomBytes(3).toString('hex')}`;
      let villageCode: string | null = null;
      let gridCode: string | null = null;
      let workerCode: string | null = null;
      if (role === 'grid_worker' || role === 'grid_leader') {
        const grid = place.gridCode
          ? (await hub.db.query<{ code: string; village_code: string }>('SELECT code, village_code FROM grids WHERE code = $1', [place.gridCode]))[0]!
          : place.villageCode
            ? (await hub.db.query<{ code: string; village_code: string }>('SELECT code, village_code FROM grids WHERE village_code = $1 ORDER BY code LIMIT 1', [place.villageCode]))[0]!
            : await firstGrid();
        villageCode = grid.village_code;
        if (role === 'grid_worker') gridCode = grid.code;
        // Link the account to a worker of its grid (a grid leader: the leader of its village), as an admin would.
        const [worker] = await hub.db.query<{ code: string }>(
          role === 'grid_worker'
            ? `SELECT code FROM workers WHERE grid_code = $1 AND role = 'grid_worker' ORDER BY code LIMIT 1`
            : `SELECT w.code FROM workers w JOIN grids g ON g.code = w.grid_code WHERE g.village_code = $1 AND w.role = 'grid_leader' ORDER BY w.code LIMIT 1`,
          [role === 'grid_worker' ? grid.code : grid.village_code],
        );
        workerCode = worker?.code ?? null;
      }
      await hub.db.query(
        `INSERT INTO users (username, display_name, password_hash, role, township_code, village_code, grid_code, worker_code, must_change_password)
         VALUES ($1, $1, $2, $3, $4, $5, $6, $7, false)`,
        [username, passwordHash, role, hub.township.code, villageCode, gridCode, workerCode],
      );
      const res = await client('').post('/auth/login', { username, password: TEST_USER_PASSWORD });
      if (res.status !== 200) throw new Error(`test sign-in as ${role} failed: ${res.status} ${await res.text()}`);
      const { token } = (await res.json()) as LoginResponse;
      return { ...client(token), username, villageCode, gridCode, workerCode };
    },
    async displayClient() {
      const { token } = await createDisplayToken(hub.db, hub.township.code, { name: 'test wall' }, 'test', null);
      return client(token);
    },
    async integrationClient(scopes = [...INTEGRATION_SCOPES]) {
      const { key } = await createApiKey(hub.db, hub.township.code, { name: 'test integration', scopes }, 'test', null);
      return client(key);
    },
    async restart() {
      for (const socket of sockets) socket.disconnect();
      await hub.stop();
      return startTestHub(overrides, isolated);
    },
    async sibling() {
      if (!isolated) throw new Error('a sibling hub needs PostgreSQL: PGlite belongs to one process');
      const other = await startTestHub(overrides, { url: isolated.url, drop: async () => undefined });
      siblings.push(other);
      return other;
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
      for (const other of siblings) await other.stop();
      siblings = [];
      await hub.stop();
      await isolated?.drop();
    },
  };
}

/** Resolves with the next `event` the socket receives that satisfies `match`. */
export function nextMessage<E extends keyof ServerToClientEvents>(
  socket: WallSocket,
  event: E,
  match: (...args: Parameters<ServerToClientEvents[E]>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener as never);
      reject(new Error(`no matching ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (...args: Parameters<ServerToClientEvents[E]>) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(args[0]);
    };
    socket.on(event, listener as never);
  });
}
