// Requests to the hub (same origin; the dev server proxies /api), for the wall and the console alike.
// Plain async functions, no state: each screen says which credential to send.
import { API_PREFIX, type ErrorBody } from '../../contract/api.ts';

export type LoadState = 'idle' | 'loading' | 'done' | 'error';

/** A 4xx/5xx answer, carrying the hub's own reason (`body.message`, and `body.issues` per field). */
export class HubError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: ErrorBody | null,
  ) {
    super(body?.message ?? `${method} ${path} answered ${status}`);
  }

  get code(): ErrorBody['error'] | null {
    return this.body?.error ?? null;
  }

  get issues(): NonNullable<ErrorBody['issues']> {
    return this.body?.issues ?? [];
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT';
  /** Sent as JSON. */
  body?: unknown;
  /** Added to the route as a query string; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  signal?: AbortSignal;
  /** Sent as `Authorization: Bearer …` when given. */
  token?: string | null;
}

/** One request under /api/v1; resolves with the parsed body (undefined for 204), rejects with HubError. */
export async function requestJson<T>(route: string, { method = 'GET', body, query, signal, token }: RequestOptions = {}): Promise<T> {
  const path = API_PREFIX + route + queryString(query);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, { method, signal, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new HubError(method, path, response.status, await errorBodyOf(response));
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** The hub answers every refusal with an ErrorBody; a proxy or a crash may not. */
async function errorBodyOf(response: Response): Promise<ErrorBody | null> {
  try {
    const body = (await response.json()) as Partial<ErrorBody>;
    return typeof body.message === 'string' && typeof body.error === 'string' ? (body as ErrorBody) : null;
  } catch {
    return null;
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
