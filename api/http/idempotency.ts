// Writes with an Idempotency-Key header are done once per key and credential: the key, the request's
// hash and the answer are stored in the write's own transaction, so "accepted" and "remembered" are
// one fact. A retry with the same key gets the stored answer; the same key with another body is a
// mistake and answers 409.
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
    res.status(result.status).json(result.body);
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
      const [stored] = await q.query<{ request_hash: string; status: number; response: T }>(
        'SELECT request_hash, status, response FROM idempotency_keys WHERE principal = $1 AND key = $2',
        [principal, key],
      );
      if (stored!.request_hash !== requestHash) {
        throw new ApiError(409, 'conflict', 'This Idempotency-Key was used for a different request; use a new key for a new write.');
      }
      return { replay: true as const, result: { status: stored!.status, body: stored!.response } };
    }
    const result = await write(nestedDb(q, db.kind));
    await q.query('UPDATE idempotency_keys SET status = $3, response = $4 WHERE principal = $1 AND key = $2', [
      principal, key, result.status, JSON.stringify(result.body),
    ]);
    return { replay: false as const, result };
  });
  if (outcome.replay) res.setHeader('Idempotent-Replay', 'true');
  res.status(outcome.result.status).json(outcome.result.body);
  return outcome.replay ? null : outcome.result;
}
