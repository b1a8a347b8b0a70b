// Starts a real hub on port 0 for a test file: in-memory PGlite, or, when DATABASE_URL is set, the
// real PostgreSQL server in a schema of its own so test files never see each other's rows.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents, StatsSnapshot } from '../../contract/api.ts';

export type WallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
import { testConfig, type HubConfig } from '../../api/config.ts';
import { startHub, type RunningHub } from '../../api/hub.ts';

export interface TestHub extends RunningHub {
  api(path: string, init?: RequestInit): Promise<Response>;
  post(path: string, body: unknown): Promise<Response>;
  /** A connected wall socket, with the snapshot the hub sends on connect. */
  connect(): Promise<{ socket: WallSocket; snapshot: StatsSnapshot }>;
}

export const backendName = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** A fresh schema on the shared PostgreSQL server, dropped by the returned cleanup. */
async function isolatedDatabaseUrl(base: string): Promise<{ url: string; drop(): Promise<void> }> {
  const schema = `test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: base });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
    },
  };
}

export async function startTestHub(overrides: Partial<HubConfig> = {}): Promise<TestHub> {
  const isolated = process.env.DATABASE_URL ? await isolatedDatabaseUrl(process.env.DATABASE_URL) : undefined;
  const hub = await startHub(testConfig({ databaseUrl: isolated?.url, ...overrides }));
  const sockets: Socket[] = [];
  const api = (path: string, init?: RequestInit) => fetch(`${hub.url}/api/v1${path}`, init);
  return {
    ...hub,
    api,
    post: (path, body) => api(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
    async connect() {
      const socket: WallSocket = io(hub.url, { transports: ['websocket'], reconnection: false, autoConnect: false });
      sockets.push(socket);
      // Listen before connecting: the snapshot may arrive in the same frame as the handshake.
      const snapshot = nextMessage(socket, 'stats:snapshot');
      const failed = new Promise<never>((_, reject) => socket.once('connect_error', reject));
      socket.connect();
      return { socket, snapshot: await Promise.race([snapshot, failed]) };
    },
    async stop() {
      for (const socket of sockets) socket.disconnect();
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
