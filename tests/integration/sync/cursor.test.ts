/**
 * The pull cursor never passes over a change committed out of order by concurrent
 * transactions (PostgreSQL only: PGlite has one connection, so its transactions never
 * overlap — see src-center/sync/changes.ts).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../src-center/store/index';
import { pullChanges } from '../../../src-center/sync/changes';
import { backends, type Place } from '../center/backends';

const postgres = backends.find((b) => b.name === 'postgres');
const device = { regionCode: '130102', deviceId: 'CURSOR' };

async function insertNotice(q: pg.ClientBase, title: string): Promise<string> {
  const r = await q.query<{ id: string }>(`INSERT INTO sync_changes (kind, region_code, payload) VALUES ('notice', '130102', $1::jsonb) RETURNING id::text`, [
    JSON.stringify({ title, text: title }),
  ]);
  return r.rows[0]!.id;
}

describe.skipIf(!postgres)('pull cursor under concurrent commits (PostgreSQL)', () => {
  let place: Place;
  let store: Store;
  let url: string;

  beforeAll(async () => {
    place = await postgres!.fresh();
    store = await openStore(place.opts);
    url = place.opts.databaseUrl!;
  });
  afterAll(async () => {
    await store?.close();
    await place?.cleanup();
  });

  async function drain(cursor: string, seen: string[]): Promise<string> {
    for (;;) {
      const page = await pullChanges(store.db, device, cursor, 3);
      for (const ch of page.changes) if (ch.kind === 'notice') seen.push(ch.title);
      cursor = page.cursor;
      if (!page.more) return cursor;
    }
  }

  /**
   * Drains until `expected` changes have arrived. The horizon is cluster-wide: a writing
   * transaction in ANY database of the server (other test files run in parallel) holds
   * rows back a moment longer; held back is never lost, so keep pulling.
   */
  async function drainUntil(cursor: string, seen: string[], expected: number): Promise<string> {
    for (let i = 0; i < 400 && seen.length < expected; i++) {
      cursor = await drain(cursor, seen);
      if (seen.length < expected) await new Promise((r) => setTimeout(r, 25));
    }
    return cursor;
  }

  it('holds back a later commit until the earlier transaction ends — where an id cursor skips', async () => {
    let cursor = await drain('', []);
    const [{ max }] = (await store.db.query<{ max: string }>('SELECT coalesce(max(id), 0)::text AS max FROM sync_changes')) as [{ max: string }];
    let naiveCursor = BigInt(max);
    const naiveSeen: string[] = [];
    const naivePull = async () => {
      const rows = await store.db.query<{ id: string; title: string }>(
        `SELECT id::text, payload->>'title' AS title FROM sync_changes WHERE id > $1 AND kind = 'notice' ORDER BY id`,
        [naiveCursor.toString()],
      );
      for (const r of rows) {
        naiveSeen.push(r.title);
        naiveCursor = BigInt(r.id);
      }
    };

    const slow = new pg.Client({ connectionString: url });
    const fast = new pg.Client({ connectionString: url });
    await slow.connect();
    await fast.connect();
    try {
      await slow.query('BEGIN');
      await insertNotice(slow, 'slow'); // takes the lower id and the lower transaction id
      await fast.query('BEGIN');
      await insertNotice(fast, 'fast');
      await fast.query('COMMIT'); // commits first

      const seen: string[] = [];
      cursor = await drain(cursor, seen);
      await naivePull();
      expect(seen).toEqual([]); // held back: 'slow' is still running
      expect(naiveSeen).toEqual(['fast']); // the id cursor has moved past 'slow'

      await slow.query('COMMIT');
      await drainUntil(cursor, seen, 2);
      await naivePull();
      expect(seen).toEqual(['slow', 'fast']);
      expect(naiveSeen).toEqual(['fast']); // 'slow' is lost for the id cursor
    } finally {
      await slow.end();
      await fast.end();
    }
  });

  it('sees every committed change exactly once while 8 writers commit and roll back concurrently', async () => {
    const start = await drain('', []);
    const writers = 8;
    const perWriter = 40;
    const committed = new Set<string>();
    let writing = true;
    const seen: string[] = [];
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

    const reader = (async () => {
      let cursor = start;
      while (writing) {
        cursor = await drain(cursor, seen);
        await pause(Math.random() * 3);
      }
      return cursor;
    })();

    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          for (let i = 0; i < perWriter; i++) {
            const title = `w${w}-${i}`;
            await client.query('BEGIN');
            await insertNotice(client, title);
            await pause(Math.random() * 8); // hold the transaction open a random while
            if (Math.random() < 0.1) {
              await insertNotice(client, `${title}-b`);
              await client.query('ROLLBACK');
            } else {
              if (Math.random() < 0.3) {
                await insertNotice(client, `${title}-b`);
                committed.add(`${title}-b`);
              }
              await client.query('COMMIT');
              committed.add(title);
            }
          }
        } finally {
          await client.end();
        }
      }),
    );
    writing = false;
    await drainUntil(await reader, seen, committed.size);

    expect(new Set(seen).size).toBe(seen.length); // nothing twice
    expect(new Set(seen)).toEqual(committed); // nothing missing, nothing rolled back
    expect(committed.size).toBeGreaterThan(writers * perWriter * 0.8);
  });
});
