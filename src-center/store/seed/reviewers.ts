/**
 * Demo reviewer accounts: when the center runs the demo catalog and has no reviewer yet,
 * one reviewer per department of the demo windows' regions, each with a RANDOM password
 * (no password is written in code). User name = the department code (e.g. 130102-amr).
 * The accounts are written once to <dir>/demo-reviewers.json (mode 0600) for the operator
 * and the end-to-end tests; the center logs where. Production creates reviewers with
 * POST /v1/admin/reviewers instead.
 */
import { randomUUID } from 'node:crypto';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db';
import { hashPassword, randomPassword, SCRYPT_COST_RANDOM } from '../../workflow/passwords';
import { WINDOWS } from './windows';

export const DEMO_REVIEWERS_FILE = 'demo-reviewers.json';
/** pg_advisory_xact_lock key ("YCRV"): two centers starting together create the accounts once. */
export const DEMO_REVIEWERS_LOCK_KEY = 0x5943_5256;
/** The note of the demo catalog's first version (store/seed.ts). */
const DEMO_CATALOG_NOTE = '演示目录';

export interface DemoReviewer {
  username: string;
  password: string;
  name: string;
  departmentCode: string;
  departmentName: string;
  regionCode: string;
  regionName: string;
}

export interface DemoReviewersFile {
  createdAt: string;
  note: string;
  accounts: DemoReviewer[];
}

/**
 * Creates the demo accounts if the catalog is the demo one and no reviewer exists; writes
 * the file. Returns the accounts and the file, or null when nothing was created.
 */
export async function ensureDemoReviewers(db: Db, dir: string): Promise<{ accounts: DemoReviewer[]; file: string } | null> {
  const accounts = await db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [DEMO_REVIEWERS_LOCK_KEY]);
    const [any] = await tx.query('SELECT 1 FROM reviewers LIMIT 1');
    if (any) return null;
    const [demo] = await tx.query<{ note: string }>('SELECT note FROM catalog_version WHERE version = 1');
    if (!demo?.note.startsWith(DEMO_CATALOG_NOTE)) return null;
    const regions = [...new Set(WINDOWS.map((w) => w.regionCode))];
    const depts = await tx.query<{ code: string; name: string; region_code: string; region_name: string }>(
      `SELECT d.code, d.name, d.region_code, g.name AS region_name FROM departments d JOIN regions g ON g.code = d.region_code
        WHERE d.region_code = ANY($1::text[]) ORDER BY d.region_code, d.code`,
      [regions],
    );
    const out: DemoReviewer[] = depts.map((d) => ({
      username: d.code.toLowerCase(),
      password: randomPassword(),
      name: `${d.name}审查员`,
      departmentCode: d.code,
      departmentName: d.name,
      regionCode: d.region_code.trim(),
      regionName: d.region_name,
    }));
    const hashes = await Promise.all(out.map((a) => hashPassword(a.password, SCRYPT_COST_RANDOM)));
    await tx.query(
      `INSERT INTO reviewers (id, username, name, department_code, password_hash)
       SELECT id, username, name, department_code, password_hash
         FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, username text, name text, department_code text, password_hash text)
       ON CONFLICT (username) DO NOTHING`,
      [JSON.stringify(out.map((a, i) => ({ id: randomUUID(), username: a.username, name: a.name, department_code: a.departmentCode, password_hash: hashes[i] })))],
    );
    return out;
  });
  if (!accounts) return null;
  await mkdir(dir, { recursive: true });
  const file = join(dir, DEMO_REVIEWERS_FILE);
  const body: DemoReviewersFile = {
    createdAt: new Date().toISOString(),
    note: '演示审查员账号（随机密码，仅供演示与测试）：用户名为部门编码 (demo reviewer accounts: user name = department code)',
    accounts,
  };
  await writeFile(file, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
  return { accounts, file };
}
