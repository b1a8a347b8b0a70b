// A Db that lives inside a transaction that is already open: its tx() is a savepoint. Domain code
// written against Db (which opens its own transactions) can then join a larger transaction, such as
// the one that also records an idempotency key, and a failure inside still rolls back only its part.
import type { Db, DbKind, Queryable } from './types.ts';

let savepointSerial = 0;

export function nestedDb(q: Queryable, kind: DbKind): Db {
  return {
    kind,
    query: (sql, params) => q.query(sql, params),
    async exec() {
      throw new Error('exec() runs migrations, which do not belong inside a transaction of the hub.');
    },
    async tx(work) {
      const name = `sp_${++savepointSerial}`;
      await q.query(`SAVEPOINT ${name}`);
      try {
        const result = await work(q);
        await q.query(`RELEASE SAVEPOINT ${name}`);
        return result;
      } catch (error) {
        await q.query(`ROLLBACK TO SAVEPOINT ${name}`);
        throw error;
      }
    },
    async close() {
      // the outer transaction's owner closes the database
    },
  };
}
