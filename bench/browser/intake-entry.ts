/**
 * Browser side of the intake benchmarks: real IndexedDB through the app's own
 * repositories, each figure beside a raw IndexedDB baseline measured in the same page.
 */
import { YichuangDb } from '../../src-renderer/db/database';
import { CasesRepository, type IntakeCommit } from '../../src-renderer/db/casesRepository';
import { CatalogRepository } from '../../src-renderer/db/catalogRepository';
import { initialsOf, readingCombinations, searchCatalog } from '../../src-renderer/db/catalogSearch';
import { sha256OfBlob } from '../../src-renderer/db/hashing';
import type { CaseRow } from '../../src-renderer/db/casesSchema';
import { snapshotOf, type MaterialState } from '../../src-shared/domain/case';
import type { CatalogItem } from '../../src-shared/domain/catalog';
import { makeResidentId } from '../../src-shared/domain/identifiers';

type Samples = number[];
const now = () => performance.now();

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = now();
  const r = await fn();
  return [now() - t0, r];
}

/** A plain IndexedDB store for baselines: no Dexie, no indexes, one put per transaction. */
async function rawStore(): Promise<(value: unknown) => Promise<void>> {
  const name = `raw-${crypto.randomUUID()}`;
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const req = indexedDB.open(name, 1);
    req.onupgradeneeded = () => req.result.createObjectStore('s');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  let k = 0;
  return (value) =>
    new Promise<void>((resolve, reject) => {
      const tx = db.transaction('s', 'readwrite', { durability: 'default' });
      tx.objectStore('s').put(value, k++);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
}

function randomBlob(bytes: number): Blob {
  const buf = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i += 65536) crypto.getRandomValues(buf.subarray(i, Math.min(bytes, i + 65536)));
  return new Blob([buf], { type: 'application/pdf' });
}

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤单'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰文斌辉鹏飞宇浩然子涵梓萱一诺欣怡俊杰'];

function person(i: number) {
  const name = SURNAMES[i % SURNAMES.length]! + GIVEN[(i * 7) % GIVEN.length]! + (i % 3 === 0 ? GIVEN[(i * 13) % GIVEN.length]! : '');
  const birth = `19${50 + (i % 50)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  return { name, documentNumber: makeResidentId('130102', birth, 1 + (i % 999)) };
}

async function commitInput(item: CatalogItem, withScans: Blob[]): Promise<IntakeCommit> {
  const at = new Date().toISOString();
  const blobs = await Promise.all(withScans.map(async (b, i) => ({ sha256: await sha256OfBlob(b), blob: b, mediaType: 'application/pdf', name: `scan-${i}.pdf` })));
  const materials: MaterialState[] = item.materials.map((m, i) => ({
    materialId: m.id,
    name: m.name,
    required: m.required,
    tolerable: m.tolerable,
    originalsRequired: m.originals,
    copiesRequired: m.copies,
    originalSeen: true,
    copiesReceived: m.copies,
    scans: i === 0 ? blobs.map((b) => ({ sha256: b.sha256, name: b.name, mediaType: 'application/pdf' as const, size: b.blob.size })) : [],
  }));
  const p = person(Math.floor(Math.random() * 100000));
  return {
    id: crypto.randomUUID(),
    windowId: 'w-130102-01',
    clerkId: 'c-130102-01-1',
    windowRegionCode: '130102',
    item: snapshotOf(item, 1),
    applicant: { kind: 'person', name: p.name, documentType: '111', documentNumber: p.documentNumber },
    form: {},
    materials,
    receivedAt: at,
    decision: { kind: 'accept', at, clerkId: 'c-130102-01-1' },
    blobs,
  };
}

async function saveWithScans(items: CatalogItem[]) {
  const db = new YichuangDb(`bench-${crypto.randomUUID()}`);
  const repo = new CasesRepository(db);
  const put = await rawStore();
  const item = items.find((i) => i.materials.length > 0)!;
  const runs = 5;
  const save: Samples = [];
  const raw: Samples = [];
  const hash: Samples = [];
  for (let r = 0; r < runs; r++) {
    const scans = Array.from({ length: 5 }, () => randomBlob(2 * 1024 * 1024));
    const [h, input] = await time(() => commitInput(item, scans));
    hash.push(h);
    save.push((await time(() => repo.commit(input)))[0]);
    const same = new Blob(scans, { type: 'application/pdf' });
    raw.push((await time(() => put(same)))[0]);
  }
  await db.delete();
  return { save, raw, hash };
}

async function savePlain(items: CatalogItem[]) {
  const db = new YichuangDb(`bench-${crypto.randomUUID()}`);
  const repo = new CasesRepository(db);
  const put = await rawStore();
  const save: Samples = [];
  const raw: Samples = [];
  for (let r = 0; r < 200; r++) {
    const input = await commitInput(items[r % items.length]!, []);
    const [t, row] = await time(() => repo.commit(input));
    save.push(t);
    raw.push((await time(() => put(row)))[0]);
  }
  await db.delete();
  return { save, raw };
}

async function search(items: CatalogItem[], caseCount: number) {
  const db = new YichuangDb(`bench-${crypto.randomUUID()}`);
  const catalog = new CatalogRepository(db);
  await catalog.replaceAll(items, { version: 1, region: null, fetchedAt: new Date().toISOString(), generatedAt: new Date().toISOString() });

  // 100,000 cases written straight as rows (the shape commit() writes), in batches.
  const template = await new CasesRepository(db).commit(await commitInput(items[0]!, []));
  const keysByName = new Map<string, string[]>();
  const ids: string[] = [];
  const t0 = now();
  for (let start = 0; start < caseCount; start += 5000) {
    const rows: CaseRow[] = [];
    for (let i = start; i < Math.min(caseCount, start + 5000); i++) {
      const p = person(i);
      let nameKeys = keysByName.get(p.name);
      if (!nameKeys) {
        const { perChar, primary } = initialsOf(p.name);
        keysByName.set(p.name, (nameKeys = [p.name, ...readingCombinations(perChar, primary, 8)]));
      }
      const id = crypto.randomUUID();
      ids.push(id);
      const caseNumber = `130102202611${String(i).padStart(15, '0')}`;
      rows.push({
        ...template,
        id,
        caseNumber,
        applicant: { kind: 'person', name: p.name, documentType: '111', documentNumber: p.documentNumber },
        searchKeys: [caseNumber.toLowerCase(), ...nameKeys, p.documentNumber.toLowerCase()],
        updatedAt: new Date(Date.now() - i * 1000).toISOString(),
      });
    }
    await db.cases.bulkAdd(rows);
  }
  const fillMs = now() - t0;

  const cases = new CasesRepository(db);
  const catalogQueries = ['食品', '许可', 'spjy', 'jzgc', '营业', '0113', '户口', 'zgz', '登记', '医疗'];
  const caseQueries = (i: number) => {
    const p = person(i * 7919);
    return [p.name.slice(0, 2), p.documentNumber.slice(0, 10), initialsOf(p.name).primary, p.name];
  };
  // The intake screen holds the cached catalog in memory (one live query) and searches it
  // on every keystroke: that is what is timed.
  const rows = await catalog.all();
  const catalogSearch: Samples = [];
  const caseSearch: Record<string, Samples> = { name: [], id: [], initials: [] };
  const baseline: Samples = [];
  for (let r = 0; r < 30; r++) {
    for (const q of catalogQueries) catalogSearch.push((await time(async () => searchCatalog(rows, q)))[0]);
    const [name2, idPrefix, initials] = caseQueries(r);
    caseSearch.name!.push((await time(() => cases.search(name2!, 50)))[0]);
    caseSearch.id!.push((await time(() => cases.search(idPrefix!, 50)))[0]);
    caseSearch.initials!.push((await time(() => cases.search(initials!, 50)))[0]);
    const id = ids[(r * 3331) % ids.length]!;
    baseline.push((await time(() => db.cases.get(id)))[0]);
  }
  await db.delete();
  return { catalogSearch, caseSearch, baseline, fillMs, catalogCount: items.length, caseCount };
}

(window as unknown as { runBench: (n: string, a: unknown) => Promise<unknown> }).runBench = async (name, arg) => {
  const { items, caseCount } = arg as { items: CatalogItem[]; caseCount: number };
  if (name === 'save-scans') return saveWithScans(items);
  if (name === 'save-plain') return savePlain(items);
  if (name === 'search') return search(items, caseCount);
  throw new Error(`unknown bench ${name}`);
};
