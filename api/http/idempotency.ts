// Writes with an Idempotency-Key header are done once per key and credential: the key, the request's
// hash and the answer are stored in the write's own transaction, so "accepted" and "remembered" are
// one fact. A retry with the same key gets the stored answer, byte for byte; the same key with
// another body is a mistake and answers 409. Keys are kept for a replay window
// (IDEMPOTENCY_RETENTION_HOURS), then deleted by pruneIdempotencyKeys.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { actorName } from '../auth/principal.ts';
import type { Db } from '../db/index.ts';
import { nestedDb } from '../db/nested.ts';
import { ApiError } from './errors.ts';
import { principalOf } from './guard.ts';

export const IDEMPOTENCY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[\x21-\x7e]{1,128}$/; // visible ASCII, as HTTP header values are

export interface WriteResult<T> {
  status: number;
  body: T;
}

/** The request's Idempotency-Key, validated; null when the caller sent none. */
export function idempotencyKeyOf(req: Request): string | null {
  const key = req.headers[IDEMPOTENCY_HEADER];
  if (key === undefined) return null;
  if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
    throw new ApiError(400, 'validation', 'Idempotency-Key must be 1–128 visible ASCII characters, e.g. a UUID.', [{ path: 'Idempotency-Key', message: 'invalid' }]);
  }
  return key;
}

/**
 * Runs `write` once per (credential, key). Without a key the write simply runs. Answers the response
 * itself; returns the result when the write ran now (so the caller pushes to screens), null on a replay.
 */
export async function idempotentWrite<T>(db: Db, req: Request, res: Response, write: (db: Db) => Promise<WriteResult<T>>): Promise<WriteResult<T> | null> {
  const key = idempotencyKeyOf(req);
  if (!key) {
    const result = await write(db);
    sendJson(res, result.status, JSON.stringify(result.body));
    return result;
  }
  const principal = actorName(principalOf(res));
  const route = `${req.method} ${req.baseUrl}${req.path}`;
  const requestHash = createHash('sha256').update(route).update('\n').update(JSON.stringify(req.body ?? null)).digest('hex');
  const outcome = await db.tx(async (q) => {
    const claimed = await q.query(
      `INSERT INTO idempotency_keys (principal, key, route, request_hash) VALUES ($1, $2, $3, $4)
       ON CONFLICT (principal, key) DO NOTHING RETURNING key`,
      [principal, key, route, requestHash],
    );
    if (claimed.length === 0) {
      const [stored] = await q.query<{ request_hash: string; status: number; response: string }>(
        'SELECT request_hash, status, response FROM idempotency_keys WHERE principal = $1 AND key = $2',
        [principal, key],
      );
      if (stored!.request_hash !== requestHash) {
        throw new ApiError(409, 'conflict', 'This Idempotency-Key was used for a different request; use a new key for a new write.');
      }
      return { replay: true as const, status: stored!.status, text: stored!.response };
    }
    const result = await write(nestedDb(q, db.kind));
    const text = JSON.stringify(result.body);
    await q.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE principal = $1 AND key = $2', [principal, key, result.status, text]);
    return { replay: false as const, status: result.status, text, result };
  });
  if (outcome.replay) res.setHeader('Idempotent-Replay', 'true');
  sendJson(res, outcome.status, outcome.text);
  return outcome.replay ? null : outcome.result;
}

/** The answer as the exact text that is stored, so a replay repeats the first answer byte for byte. */
function sendJson(res: Response, status: number, text: string): void {
  res.status(status).type('application/json').send(text);
}

/** Keys deleted per statement: on the embedded database a statement runs on the hub's own thread. */
const PRUNE_BATCH = 5_000;

/**
 * Deletes the keys created before `before`, a batch per statement with a pause between, and
 * returns how many. A retry after that gets no replay: it is a new write.
 */
export async function pruneIdempotencyKeys(db: Db, before: Date): Promise<number> {
  let deleted = 0;
  for (;;) {
    const rows = await db.query(
      `DELETE FROM idempotency_keys WHERE (principal, key) IN (
         SELECT principal, key FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT ${PRUNE_BATCH})
       RETURNING 1`,
      [before],
    );
    deleted += rows.length;
    if (rows.length < PRUNE_BATCH) return deleted;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
