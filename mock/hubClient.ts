// Posts to the hub like a real integration would: JSON over HTTP, retrying on network errors and
// 5xx with the same body (writes carry an externalId, so a retry is stored once).
import { API_PREFIX, type ErrorBody } from '../contract/api.ts';

export interface PostResult<T> { ok: true; status: number; body: T }
export interface PostFailure { ok: false; status: number; body: ErrorBody | null; error?: string }

const RETRY_DELAYS_MS = [200, 500, 1000, 2000, 4000];
const REQUEST_TIMEOUT_MS = 10_000;

export class HubClient {
  /** `apiKey`: the integration key the hub issued to this source (X-Api-Key). */
  constructor(readonly baseUrl: string, private readonly apiKey: string, private readonly signal?: AbortSignal) {}

  async get<T>(path: string): Promise<T> {
    const res = await fetch(`${this.baseUrl}${API_PREFIX}${path}`, { signal: this.signal, headers: { 'x-api-key': this.apiKey } });
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
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      if (this.signal?.aborted) return { ok: false, status: 0, body: null, error: 'aborted' };
      try {
        const res = await fetch(`${this.baseUrl}${API_PREFIX}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': this.apiKey, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
          body: payload,
          signal: this.signal ? AbortSignal.any([this.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]) : AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const json = (await res.json().catch(() => null)) as unknown;
        if (res.ok) return { ok: true, status: res.status, body: json as T };
        last = { ok: false, status: res.status, body: json as ErrorBody | null };
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
