/**
 * Plain-SQL migrations: src-center/store/migrations/NNN_name.sql, applied in order, each
 * in its own transaction under a transaction-scoped advisory lock, and recorded in
 * schema_migrations with a checksum. Two centers starting at once on one PostgreSQL
 * database serialise on the lock: the second finds the migration recorded and skips it.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
/** pg_advisory_xact_lock key shared by every center process ("YCMG"). */
export const MIGRATION_LOCK_KEY = 0x5943_4d47;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
  appliedAt: string;
}

const FILE = /^(\d{3,})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const out: Migration[] = [];
  for (const file of readdirSync(dir).sort()) {
    const m = FILE.exec(file);
    if (!m) continue;
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    out.push({
      version: Number(m[1]),
      name: file.replace(/\.sql$/, ''),
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    });
  }
  const versions = out.map((x) => x.version);
  if (new Set(versions).size !== versions.length) throw new Error(`migrations: duplicate version number in ${dir}`);
  if (out.length === 0) throw new Error(`migrations: none found in ${dir}`);
  return out;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    integer     PRIMARY KEY,
  name       text        NOT NULL,
  checksum   text        NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** Applies what is missing; returns the names applied by this call. */
export async function migrate(db: Db, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  const applied: string[] = [];
  for (const mig of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
      await tx.exec(CREATE_TABLE);
      const rows = await tx.query<{ version: number; name: string; checksum: string }>(
        'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
      );
      const known = new Set(migrations.map((x) => x.version));
      const unknown = rows.filter((r) => !known.has(Number(r.version)));
      if (unknown.length)
        throw new Error(
          `数据库已应用本程序不认识的迁移 ${unknown.map((r) => r.name).join(', ')}，请升级中心程序 (database is newer than this center)`,
        );
      const row = rows.find((r) => Number(r.version) === mig.version);
      if (row) {
        if (row.checksum !== mig.checksum)
          throw new Error(
            `迁移 ${mig.name} 已应用但文件内容已被修改，请新增迁移文件而不是修改已发布的迁移 (checksum mismatch for an applied migration)`,
          );
        return false;
      }
      await tx.exec(mig.sql);
      await tx.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [
        mig.version,
        mig.name,
        mig.checksum,
      ]);
      return true;
    });
    if (done) applied.push(mig.name);
  }
  return applied;
}

export async function appliedMigrations(db: Db): Promise<AppliedMigration[]> {
  const rows = await db.query<{ version: number; name: string; checksum: string; applied_at: Date | string }>(
    'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version',
  );
  return rows.map((r) => ({
    version: Number(r.version),
    name: r.name,
    checksum: r.checksum,
    appliedAt: new Date(r.applied_at).toISOString(),
  }));
}
