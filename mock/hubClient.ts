// Posts to the hub like a real integration would: JSON over HTTP, retrying on network errors and
// 5xx with the same body (writes carry an externalId, so a retry is stored once).
import { API_PREFIX, type ErrorBody } from '../contract/api.ts';

export interface PostResult<T> { ok: true; status: number; body: T }
export interface PostFailure { ok: false; status: number; body: ErrorBody | null; error?: string }

const RETRY_DELAYS_MS = [200, 500, 1000, 2000, 4000];
const REQUEST_TIMEOUT_MS = 10_000;

/** How a source shows who it is: the integration key the hub issued to it, or a person's session. */
export type Credential = { apiKey: string } | { session: Session };

export class HubClient {
  readonly #credential: Credential;

  /** `credential`: an integration key (X-Api-Key), or a string taken as one. */
  constructor(readonly baseUrl: string, credential: string | Credential, private readonly signal?: AbortSignal) {
    this.#credential = typeof credential === 'string' ? { apiKey: credential } : credential;
  }

  async #auth(): Promise<Record<string, string>> {
    return 'apiKey' in this.#credential ? { 'x-api-key': this.#credential.apiKey } : { authorization: `Bearer ${await this.#credential.session.token()}` };
  }

  /** A session the hub no longer knows (it expired, or was signed out) is signed in again, once per 401. */
  #renewOn401(status: number): boolean {
    if (status !== 401 || !('session' in this.#credential)) return false;
    this.#credential.session.invalidate();
    return true;
  }

  async get<T>(path: string): Promise<T> {
    const send = async () => fetch(`${this.baseUrl}${API_PREFIX}${path}`, { signal: this.signal, headers: await this.#auth() });
    let res = await send();
    if (this.#renewOn401(res.status)) res = await send();
    if (!res.ok) throw new Error(`GET ${path} answered ${res.status}`);
    return (await res.json()) as T;
  }

  /**
   * POSTs `body`; 4xx answers are returned (the input was wrong, a retry would not help), 5xx and
   * network errors are retried with the same Idempotency-Key, so a write the hub did commit before
   * the answer was lost is not stored twice.
   */
  async post<T>(path: string, body: unknown, idempotencyKey?: string): Promise<PostResult<T> | PostFailure> {
    const payload = JSON.stringify(body);
    let last: PostFailure = { ok: false, status: 0, body: null };
    let renewed = false;
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      if (this.signal?.aborted) return { ok: false, status: 0, body: null, error: 'aborted' };
      try {
        const res = await fetch(`${this.baseUrl}${API_PREFIX}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(await this.#auth()), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
          body: payload,
          signal: this.signal ? AbortSignal.any([this.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) : AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const json = (await res.json().catch(() => null)) as unknown;
        if (res.ok) return { ok: true, status: res.status, body: json as T };
        last = { ok: false, status: res.status, body: json as ErrorBody | null };
        if (!renewed && this.#renewOn401(res.status)) {
          renewed = true;
          attempt -= 1; // the same attempt again, signed in afresh
          continue;
        }
        if (!isRetryable(res.status)) return last;
      } catch (error) {
        last = { ok: false, status: 0, body: null, error: (error as Error).message };
      }
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay === undefined) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    return last;
  }
}

/**
 * 4xx means the input or the credential is wrong: a retry would not help. The exceptions: 429 (slow
 * down) and 408 (the hub timed the request out before it had all of it: nothing was stored).
 */
export const isRetryable = (status: number): boolean => status >= 500 || status === 429 || status === 408;

/**
 * A person's session for a simulated member of the room: signs in when first needed and again
 * when the hub says the session is gone (HubClient invalidates it on a 401).
 */
export class Session {
  #token: Promise<string> | null = null;

  constructor(private readonly baseUrl: string, private readonly username: string, private readonly password: string, private readonly signal?: AbortSignal) {}

  token = (): Promise<string> => (this.#token ??= this.#login().catch((error: unknown) => {
    this.#token = null;
    throw error;
  }));

  invalidate(): void {
    this.#token = null;
  }

  async #login(): Promise<string> {
    const res = await fetch(`${this.baseUrl}${API_PREFIX}/auth/login`, {
      method: 'POST', signal: this.signal, headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: this.username, password: this.password }),
    });
    if (!res.ok) throw new Error(`sign-in as ${this.username} answered ${res.status}`);
    return ((await res.json()) as { token: string }).token;
  }
}
