/**
 * The stores the center suite runs against: PGlite always; PostgreSQL too when
 * DATABASE_URL is set — each run in a fresh database (yc_test_<random>) created on
 * that server and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface Place {
  /** Options for createCenter: the same place every time it is opened. */
  opts: { databaseUrl?: string; dataDir?: string };
  cleanup(): Promise<void>;
}

export interface Backend {
  name: 'pglite' | 'postgres';
  /** A fresh, empty place for a center's data. */
  fresh(): Promise<Place>;
}

const pglite: Backend = {
  name: 'pglite',
  async fresh() {
    const dir = await mkdtemp(join(tmpdir(), 'yc-center-'));
    return { opts: { dataDir: dir }, cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
};

function postgres(serverUrl: string): Backend {
  return {
    name: 'postgres',
    async fresh() {
      const name = `yc_test_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      return {
        opts: { databaseUrl: url.toString() },
        async cleanup() {
          const c = new pg.Client({ connectionString: serverUrl });
          await c.connect();
          try {
            await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          } finally {
            await c.end();
          }
        },
      };
    },
  };
}

export const backends: Backend[] = [pglite, ...(process.env.DATABASE_URL ? [postgres(process.env.DATABASE_URL)] : [])];
