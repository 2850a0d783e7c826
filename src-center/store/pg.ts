/** PostgreSQL through a `pg` Pool (DATABASE_URL). */
import pg from 'pg';
import type { Db, Row } from './db';

type Queryable = Pick<pg.PoolClient, 'query'>;

function wrap(q: Queryable, tx: (fn: (tx: Db) => Promise<unknown>) => Promise<unknown>, close: () => Promise<void>): Db {
  return {
    kind: 'postgres',
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const res = await q.query(sql, params as unknown[]);
      return res.rows as T[];
    },
    async exec(sql: string): Promise<void> {
      await q.query(sql);
    },
    transaction: tx as Db['transaction'],
    close,
  };
}

export interface PgDb extends Db {
  /** Where it points, without the password (for logs). */
  readonly label: string;
}

export function openPostgres(databaseUrl: string): PgDb {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, application_name: 'yichuang-center' });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => undefined);
  const url = new URL(databaseUrl);
  const label = `postgres ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;

  const transaction = async <T>(fn: (tx: Db) => Promise<T>): Promise<T> => {
    const client = await pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const inner: Db = wrap(
        client,
        (f) => f(inner),
        async () => undefined,
      );
      const out = await fn(inner);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch {
        broken = true;
      }
      throw err;
    } finally {
      client.release(broken);
    }
  };

  const db = wrap(pool, transaction as (fn: (tx: Db) => Promise<unknown>) => Promise<unknown>, () => pool.end());
  return Object.assign(db, { label });
}
