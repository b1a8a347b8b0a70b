// One small interface over both database backends so the rest of the hub never knows which it has.

export type DbKind = 'pglite' | 'postgres';

export interface Queryable {
  /** Runs one parameterised statement and returns its rows, typed alike on both backends (see parsers.ts). */
  query<R extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Db extends Queryable {
  readonly kind: DbKind;
  /** The pool of a real server, for @socket.io/postgres-adapter; absent on PGlite (one process, no adapter needed). */
  readonly pgPool?: import('pg').Pool;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  tx<T>(work: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
