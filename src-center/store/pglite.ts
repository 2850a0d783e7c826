/** PGlite (Postgres in WebAssembly) in a data directory, or in memory with 'memory://'. */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import type { Db, Row } from './db';

type Queryable = Pick<Transaction, 'query' | 'exec'>;

function wrap(q: Queryable, transaction: Db['transaction'], close: () => Promise<void>): Db {
  return {
    kind: 'pglite',
    async query<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
      const res = await q.query<T>(sql, params as unknown[]);
      return res.rows;
    },
    async exec(sql: string): Promise<void> {
      await q.exec(sql);
    },
    transaction,
    close,
  };
}

export interface PgliteDb extends Db {
  readonly label: string;
}

const LOCK_FILE = 'yichuang-center.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is single-process: a second process opening the same directory would corrupt
 * it. Take a pid lock file, replacing a stale one left by a process that died.
 */
function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && alive(holder))
        throw new Error(
          `PGlite 数据目录 ${dataDir} 正被进程 ${holder} 使用，同一目录只能由一个中心进程打开 (data directory in use by pid ${holder})`,
          { cause: err },
        );
      rmSync(path, { force: true });
    }
  }
  throw new Error(`无法锁定 PGlite 数据目录 ${dataDir} (could not lock data directory)`);
}

export async function openPglite(dataDir: string): Promise<PgliteDb> {
  const inMemory = dataDir.startsWith('memory://');
  let unlock = () => {};
  if (!inMemory) {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockDataDir(dataDir);
  }
  let pg: PGlite;
  try {
    pg = await PGlite.create(dataDir);
  } catch (err) {
    unlock();
    throw err;
  }

  const transaction = <T>(fn: (tx: Db) => Promise<T>): Promise<T> =>
    pg.transaction(async (t) => {
      const inner: Db = wrap(t, (f) => f(inner), async () => undefined);
      return fn(inner);
    });

  const close = async () => {
    try {
      await pg.close();
    } finally {
      unlock();
    }
  };
  const db = wrap(pg, transaction, close);
  return Object.assign(db, { label: `pglite ${inMemory ? 'memory' : dataDir}` });
}
