// Abuse that costs the hub connections and time: bodies announced and never sent, slow headers,
// and addresses invented in X-Forwarded-For to dodge the sign-in limit. Raw sockets, as an
// attacker would use them.
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTrustProxy } from '../../api/config.ts';
import { backendName, startTestHub, type TestHub } from '../support/hub.ts';

/** A raw connection to the hub: what it was sent back, when it closed, and how long that took. */
interface Exchange { response: string; closedAfterMs: number }

function rawRequest(hub: TestHub, head: string, { body = '', giveUpMs = 15_000 }: { body?: string; giveUpMs?: number } = {}): Promise<Exchange> {
  const { port } = new URL(hub.url);
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket: Socket = connect(Number(port), '127.0.0.1');
    let response = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the hub kept the connection open for ${giveUpMs} ms; it answered: ${JSON.stringify(response.slice(0, 200))}`));
    }, giveUpMs);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (response += chunk));
    socket.on('error', () => undefined); // a reset after the answer is a close too
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ response, closedAfterMs: Date.now() - started });
    });
    socket.write(head + body);
  });
}

const statusOf = (exchange: Exchange) => Number(/^HTTP\/1\.1 (\d{3})/.exec(exchange.response)?.[1]);

let hub: TestHub;
let key: string;

beforeAll(async () => {
  // Short timeouts, so the test sees them fire; the defaults (10 s / 30 s) work the same way.
  hub = await startTestHub({ http: { headersTimeoutMs: 1_000, requestTimeoutMs: 2_000 }, limits: { loginPerMinute: 3, ingestPerMinute: 1_000_000, clockSkewMs: 300_000 } });
  key = (await hub.integrationClient(['readings'])).token;
});
afterAll(() => hub?.stop());

describe(`bodies and slow clients (${backendName})`, () => {
  it('answers an anonymous request that announces 999999999 bytes with 401 at once, and closes the connection', async () => {
    const exchange = await rawRequest(hub, 'POST /api/v1/readings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\n\r\n');
    expect(statusOf(exchange)).toBe(401);
    expect(exchange.response).toContain('unauthorized');
    expect(exchange.closedAfterMs).toBeLessThan(1_000);
  });

  it('does the same for a request with a revoked or made-up token', async () => {
    const exchange = await rawRequest(hub, 'POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer cwk_made_up\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n');
    expect(statusOf(exchange)).toBe(401);
    expect(exchange.closedAfterMs).toBeLessThan(1_000);
  });

  it('answers 413 at once to a sign-in that announces a large body', async () => {
    const exchange = await rawRequest(hub, 'POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 999999999\r\nConnection: close\r\n\r\n');
    expect(statusOf(exchange)).toBe(413);
    expect(exchange.closedAfterMs).toBeLessThan(1_000);
  });

  it('gives a signed-in client whose body never comes 408 once the request timeout has passed', async () => {
    const exchange = await rawRequest(hub, `POST /api/v1/readings HTTP/1.1\r\nHost: x\r\nX-Api-Key: ${key}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`, { body: '{"readings":[' });
    expect(statusOf(exchange)).toBe(408);
    expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(1_900);
    expect(exchange.closedAfterMs).toBeLessThan(5_000);
  });

  it('closes a connection whose headers never end, once the headers timeout has passed', async () => {
    const exchange = await rawRequest(hub, 'GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    expect(exchange.closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(exchange.closedAfterMs).toBeLessThan(4_000);
  });

  it('keeps a wall\'s socket open well past the request timeout (only requests have a deadline)', async () => {
    const wall = await hub.displayClient();
    const { socket } = await wall.connect();
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    expect(socket.connected).toBe(true);
    socket.disconnect();
  });
});

describe(`the client's address behind proxies (${backendName})`, () => {
  const login = (target: TestHub, forwardedFor: string) => fetch(`${target.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ username: 'nobody', password: 'Wrong-password-1' }),
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY names the proxy: invented addresses do not dodge the sign-in limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await login(hub, `203.0.113.${i + 1}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
  });

  it('uses the forwarded address when TRUST_PROXY=loopback, as behind a local reverse proxy', async () => {
    const proxied = await startTestHub({ trustProxy: ['loopback'], limits: { loginPerMinute: 3, ingestPerMinute: 1_000_000, clockSkewMs: 300_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await login(proxied, `203.0.113.${i + 1}`)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      for (let i = 0; i < 3; i++) await login(proxied, '198.51.100.7');
      expect((await login(proxied, '198.51.100.7')).status).toBe(429);
    } finally {
      await proxied.stop();
    }
  });
});

describe('TRUST_PROXY values', () => {
  it.each([
    ['', false], ['false', false], ['0', false], ['1', 1], ['loopback', ['loopback']],
    ['10.0.0.0/8, 192.168.1.5', ['10.0.0.0/8', '192.168.1.5']], ['::1', ['::1']],
  ])('reads %j', (value, trust) => {
    expect(parseTrustProxy(value)).toEqual({ trust });
  });

  it.each(['true', 'proxy.local', '10.0.0.0/33', '10.0.0.1/8/2'])('refuses %j with a reason', (value) => {
    expect(parseTrustProxy(value)).toHaveProperty('error');
  });
});
