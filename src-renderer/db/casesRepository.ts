/**
 * Cases at the window. `commit` is the one way a case comes into being: it checks the
 * decision against the domain rules, numbers the case, builds its first events (hash
 * chained) and its outbox records, and then writes case, events, outbox records and
 * scans in ONE Dexie transaction — so after a crash a case is either fully there, with
 * its outbox entries and its blobs, or not there at all. Nothing CPU-bound or
 * asynchronous outside IndexedDB runs inside that transaction (hashes are computed
 * before it starts).
 */
import Dexie from 'dexie';
import {
  Case,
  checkDecision,
  statusAfter,
  type Applicant,
  type Decision,
} from '../../src-shared/domain/case';
import { formatCaseNumber, parseCaseNumber } from '../../src-shared/domain/case-number';
import { appendEvent, verifyChain, type CaseEvent, type EventDraft } from '../../src-shared/domain/event-chain';
import { DomainRuleError } from '../../src-shared/domain/errors';
import type { SyncRecord } from '../../src-shared/protocol/sync';
import type { YichuangDb } from './database';
import type { ApplicantRow, BlobRow, CaseRow, OutboxRow } from './casesSchema';
import { getMeta } from './meta';
import { initialsOf, readingCombinations } from './catalogSearch';
import { dbMessages } from './messages';

/** A scan or document to store with the case. */
export interface BlobInput {
  sha256: string;
  blob: Blob;
  mediaType: string;
  name: string;
}

/** Everything the intake knows when the clerk decides. */
export interface IntakeCommit {
  /** Client-generated case id (uuid); the draft's id is a good choice. */
  id: string;
  /**
   * The number from nextCaseNumber(), when the decision's document (which prints it) was
   * rendered before the commit; otherwise commit numbers the case itself.
   */
  caseNumber?: string;
  draftId?: string;
  windowId: string;
  clerkId: string;
  windowRegionCode: string;
  item: Case['item'];
  applicant: Case['applicant'];
  agent?: Case['agent'];
  form: Case['form'];
  materials: Case['materials'];
  receivedAt: string;
  decision: Decision;
  /** Due date (YYYY-MM-DD) for accepted cases, or why it cannot be computed yet. */
  dueDate?: string;
  dueDatePending?: string;
  /** Scans referenced by materials (and the agent's power of attorney). */
  blobs: BlobInput[];
  /** The decision's written document (receipt PDF), if produced. */
  document?: BlobInput & { type: string };
}

/** Another append moved the case's chain head between reading it and writing: read again. */
class ChainMovedError extends Error {}

export class IntakeRuleError extends DomainRuleError {
  constructor(readonly problems: { field: string; rule: string; message: string }[]) {
    super(problems[0]?.field ?? 'decision', problems[0]?.rule ?? 'rule', problems.map((p) => p.message).join('；'));
    this.name = 'IntakeRuleError';
  }
}

/** The browser refused to store more (IndexedDB quota). What was saved before is intact. */
export class StorageFullError extends Error {
  constructor(cause: unknown) {
    super(dbMessages.storageFull);
    this.name = 'StorageFullError';
    this.cause = cause;
  }
}

function isQuotaError(err: unknown): boolean {
  const e = err as { name?: string; inner?: { name?: string } } | null;
  return e?.name === 'QuotaExceededError' || e?.inner?.name === 'QuotaExceededError' || e?.name === Dexie.errnames.QuotaExceeded;
}

const localDate = (iso: string) => {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
};

export function applicantKey(a: Applicant): string {
  return a.kind === 'person' ? `person:${a.documentType}:${a.documentNumber}` : `org:${a.creditCode}`;
}

/** A person's or organisation's name, and its pinyin initials under every reading (单 dan/shan). */
function nameKeys(name: string): string[] {
  const { perChar, primary } = initialsOf(name);
  return [name.toLowerCase(), ...(primary ? readingCombinations(perChar, primary, 8) : [])];
}

function applicantSearchKeys(a: Applicant): string[] {
  const keys = nameKeys(a.name);
  if (a.kind === 'person') keys.push(a.documentNumber.toLowerCase());
  else keys.push(a.creditCode.toLowerCase(), ...nameKeys(a.legalRepresentative.name), a.legalRepresentative.documentNumber.toLowerCase());
  return [...new Set(keys)];
}

function caseSearchKeys(c: Case): string[] {
  const keys = new Set([c.caseNumber.toLowerCase(), ...applicantSearchKeys(c.applicant)]);
  if (c.agent) keys.add(c.agent.name.toLowerCase()).add(c.agent.documentNumber.toLowerCase());
  return [...keys];
}

const EVENT_OF: Record<Decision['kind'], string> = {
  accept: 'accepted',
  'accept-with-gap': 'accepted-with-gap',
  refuse: 'refused',
  supplement: 'supplement-notice',
  complete: 'completed',
};

/** A fresh device id: 6 characters [0-9A-Z], random until the center assigns one (enrollment). */
function newDeviceId(): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return [...bytes].map((b) => alphabet[b % 36]).join('');
}

export class CasesRepository {
  constructor(private readonly db: YichuangDb) {}

  /** This device's id, created once and kept. */
  async deviceId(): Promise<string> {
    const db = this.db;
    return db.transaction('rw', db.meta, async () => {
      const existing = await getMeta(db, 'deviceId');
      if (existing) return existing;
      const id = newDeviceId();
      await db.meta.put({ key: 'deviceId', value: id });
      return id;
    });
  }

  /** Next case number for this device and date; a number once given is never given again. */
  async nextCaseNumber(regionCode: string, at: string): Promise<string> {
    const deviceId = await this.deviceId();
    const date = localDate(at);
    const key = `caseSeq:${date.replaceAll('-', '')}` as const;
    const db = this.db;
    const seq = await db.transaction('rw', db.meta, async () => {
      const n = ((await getMeta(db, key)) ?? 0) + 1;
      await db.meta.put({ key, value: n });
      return n;
    });
    return formatCaseNumber({ regionCode, date, deviceId, seq });
  }

  /**
   * Records a decided intake. Throws IntakeRuleError (every problem, each naming its
   * field and rule) when the decision breaks a rule, StorageFullError when the disk is
   * full; in both cases nothing is written.
   */
  async commit(input: IntakeCommit): Promise<CaseRow> {
    const problems = checkDecision({ materials: input.materials, item: input.item }, input.decision);
    if (problems.length) throw new IntakeRuleError(problems);

    const referenced = new Set<string>();
    for (const m of input.materials) for (const s of m.scans) referenced.add(s.sha256);
    if (input.agent?.powerOfAttorneyBlob) referenced.add(input.agent.powerOfAttorneyBlob);
    const given = new Map(input.blobs.map((b) => [b.sha256, b]));
    for (const sha of referenced)
      if (!given.has(sha)) throw new IntakeRuleError([{ field: 'materials', rule: 'blob', message: dbMessages.blobMissing(sha) }]);

    const now = new Date().toISOString();
    const deviceId = await this.deviceId();
    const caseNumber = input.caseNumber ?? (await this.nextCaseNumber(input.windowRegionCode, input.receivedAt));
    const parsed = parseCaseNumber(caseNumber);
    if (!parsed.ok || parsed.parts.deviceId !== deviceId)
      throw new IntakeRuleError([{ field: 'caseNumber', rule: 'case-number', message: dbMessages.foreignCaseNumber(caseNumber) }]);
    const record: Case = Case.parse({
      id: input.id,
      caseNumber,
      windowId: input.windowId,
      clerkId: input.clerkId,
      deviceId,
      windowRegionCode: input.windowRegionCode,
      item: input.item,
      applicant: input.applicant,
      ...(input.agent ? { agent: input.agent } : {}),
      form: input.form,
      materials: input.materials,
      status: statusAfter(input.decision),
      receivedAt: input.receivedAt,
      decision: input.decision,
      ...(input.dueDate ? { dueDate: input.dueDate } : {}),
      createdAt: now,
      updatedAt: now,
    });

    // The first events, hash-chained, computed before the write transaction.
    const { decision: _decision, ...received } = record;
    const drafts: EventDraft[] = [
      { caseId: record.id, type: 'received', at: record.receivedAt, actor: record.clerkId, data: { ...received, status: 'received' } },
      {
        caseId: record.id,
        type: EVENT_OF[input.decision.kind],
        at: input.decision.at,
        actor: input.decision.clerkId,
        data: {
          decision: input.decision,
          status: record.status,
          ...(record.dueDate ? { dueDate: record.dueDate } : {}),
          ...(input.document ? { document: { type: input.document.type, sha256: input.document.sha256 } } : {}),
        },
      },
    ];
    const events: CaseEvent[] = [];
    for (const d of drafts) events.push(await appendEvent(events.at(-1) ?? null, d));

    const blobs = [...input.blobs, ...(input.document ? [input.document] : [])];
    const row: CaseRow = {
      ...record,
      searchKeys: caseSearchKeys(record),
      receivedDate: localDate(record.receivedAt),
      ...(input.dueDatePending ? { dueDatePending: input.dueDatePending } : {}),
    };
    const db = this.db;
    try {
      await db.transaction('rw', [db.cases, db.events, db.outbox, db.blobs, db.meta, db.drafts, db.draftBlobs, db.applicants], async () => {
        for (const b of blobs) {
          const existing = await db.blobs.get(b.sha256);
          if (existing) {
            if (!existing.caseIds.includes(record.id)) await db.blobs.update(b.sha256, { caseIds: [...existing.caseIds, record.id] });
          } else {
            const blobRow: BlobRow = { sha256: b.sha256, blob: b.blob, mediaType: b.mediaType, size: b.blob.size, name: b.name, createdAt: now, caseIds: [record.id] };
            await db.blobs.add(blobRow);
          }
        }
        await db.cases.add(row);
        await db.events.bulkAdd(events);
        let seq = (await getMeta(db, 'deviceSeq')) ?? 0;
        const records: OutboxRow[] = events.map((event, i) => {
          seq += 1;
          const r: SyncRecord = {
            id: crypto.randomUUID(),
            deviceId,
            deviceSeq: seq,
            windowId: record.windowId,
            caseId: record.id,
            event,
            // The received event carries the scans; the decision event its document.
            blobs: i === 0 ? [...referenced] : input.document ? [input.document.sha256] : [],
            createdAt: now,
          };
          return { ...r, state: 'pending', attempts: 0 };
        });
        await db.outbox.bulkAdd(records);
        await db.meta.put({ key: 'deviceSeq', value: seq });
        if (input.draftId) {
          await db.drafts.delete(input.draftId);
          await db.draftBlobs.where('draftId').equals(input.draftId).delete();
        }
        await this.rememberApplicant(record.applicant, now);
      });
    } catch (err) {
      if (isQuotaError(err)) throw new StorageFullError(err);
      throw err;
    }
    return row;
  }

  /**
   * Appends one later event to a case (a print of its result, its hand-over, a supplement
   * received…): the event continues the case's hash chain, and the event, its outbox record,
   * any new blobs and the case's status (when given) are written in ONE transaction. The
   * chain head is read inside the transaction, so two appends never fork the chain; the
   * event's hash is computed first (no await outside IndexedDB inside the transaction is
   * allowed), and the transaction aborts if another append moved the head meanwhile.
   */
  async append(caseId: string, draft: Omit<EventDraft, 'caseId'>, opts: { status?: Case['status']; blobs?: BlobInput[] } = {}): Promise<CaseEvent> {
    const db = this.db;
    for (let attempt = 0; ; attempt++) {
      const kase = await db.cases.get(caseId);
      if (!kase) throw new IntakeRuleError([{ field: 'caseId', rule: 'case', message: dbMessages.caseMissing(caseId) }]);
      const head = (await this.events(caseId)).at(-1) ?? null;
      const event = await appendEvent(head, { caseId, ...draft });
      const blobs = opts.blobs ?? [];
      const deviceId = await this.deviceId();
      const now = new Date().toISOString();
      try {
        await db.transaction('rw', [db.cases, db.events, db.outbox, db.blobs, db.meta], async () => {
          const current = await db.events.where('[caseId+seq]').between([caseId, Dexie.minKey], [caseId, Dexie.maxKey]).last();
          if ((current?.hash ?? null) !== (head?.hash ?? null)) throw new ChainMovedError();
          for (const b of blobs) {
            const existing = await db.blobs.get(b.sha256);
            if (existing) {
              if (!existing.caseIds.includes(caseId)) await db.blobs.update(b.sha256, { caseIds: [...existing.caseIds, caseId] });
            } else await db.blobs.add({ sha256: b.sha256, blob: b.blob, mediaType: b.mediaType, size: b.blob.size, name: b.name, createdAt: now, caseIds: [caseId] });
          }
          await db.events.add(event);
          const seq = ((await getMeta(db, 'deviceSeq')) ?? 0) + 1;
          const r: SyncRecord = {
            id: crypto.randomUUID(),
            deviceId,
            deviceSeq: seq,
            windowId: kase.windowId,
            caseId,
            event,
            blobs: blobs.map((b) => b.sha256),
            createdAt: now,
          };
          await db.outbox.add({ ...r, state: 'pending', attempts: 0 });
          await db.meta.put({ key: 'deviceSeq', value: seq });
          await db.cases.update(caseId, { updatedAt: now, ...(opts.status ? { status: opts.status } : {}) });
        });
        return event;
      } catch (err) {
        if (err instanceof ChainMovedError && attempt < 3) continue;
        if (isQuotaError(err)) throw new StorageFullError(err);
        throw err;
      }
    }
  }

  private async rememberApplicant(applicant: Applicant, at: string): Promise<void> {
    const key = applicantKey(applicant);
    const prev = await this.db.applicants.get(key);
    const row: ApplicantRow = {
      key,
      name: applicant.name,
      applicant,
      searchKeys: applicantSearchKeys(applicant),
      lastSeenAt: at,
      count: (prev?.count ?? 0) + 1,
    };
    await this.db.applicants.put(row);
  }

  async get(id: string): Promise<CaseRow | undefined> {
    return this.db.cases.get(id);
  }

  async byNumber(caseNumber: string): Promise<CaseRow | undefined> {
    return this.db.cases.where('caseNumber').equals(caseNumber).first();
  }

  async events(caseId: string): Promise<CaseEvent[]> {
    return this.db.events.where('[caseId+seq]').between([caseId, Dexie.minKey], [caseId, Dexie.maxKey]).toArray();
  }

  /** Recompute the case's chain: any edited, missing or reordered event is reported. */
  async verify(caseId: string) {
    return verifyChain(await this.events(caseId));
  }

  /** Prefix search over case number, applicant / agent names and document numbers. */
  async search(query: string, limit = 50): Promise<CaseRow[]> {
    const q = query.trim().toLowerCase();
    if (!q) return this.db.cases.orderBy('updatedAt').reverse().limit(limit).toArray();
    // A bounded range read (IndexedDB getAll) rather than a cursor walk; a case can match
    // under several keys (its number and an ID number share the region prefix), so read a
    // little more than asked and keep each case once.
    const rows = await this.db.cases.where('searchKeys').startsWith(q).limit(limit * 2).toArray();
    const ids = new Set<string>();
    const out = rows.filter((c) => !ids.has(c.id) && ids.add(c.id)).slice(0, limit);
    return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  /** Cases received on a date (YYYY-MM-DD, local), newest first. */
  async receivedOn(date: string): Promise<CaseRow[]> {
    return (await this.db.cases.where('receivedDate').equals(date).toArray()).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  /** Open cases: accepted or awaiting supplement. */
  async open(): Promise<CaseRow[]> {
    return this.db.cases.where('status').anyOf('accepted', 'awaiting-supplement').toArray();
  }

  /** Returning applicants whose name or number starts with the query. */
  async findApplicants(query: string, limit = 10): Promise<ApplicantRow[]> {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const rows = await this.db.applicants.where('searchKeys').startsWith(q).limit(limit * 3).toArray();
    const seen = new Set<string>();
    return rows.filter((r) => !seen.has(r.key) && seen.add(r.key)).sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt)).slice(0, limit);
  }

  async blob(sha256: string): Promise<BlobRow | undefined> {
    return this.db.blobs.get(sha256);
  }
}
