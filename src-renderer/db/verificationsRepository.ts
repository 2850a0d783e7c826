/**
 * The applicant checks against the province's shared data (schema version 3): one row
 * per case (the draft id, which becomes the case id on save), holding the question as
 * the clerk last typed it and, once the center answered, the answer. A row waits as
 * `pending` while the center cannot be reached and is asked again when sync next
 * succeeds (features/verification/queue.ts); it survives restarts like every table here.
 *
 * Takes a Dexie instance rather than YichuangDb so that database.ts can import the row
 * type from here without an import cycle.
 */
import type Dexie from 'dexie';
import type { Table } from 'dexie';
import type {
  OrganisationField,
  OrganisationVerificationResult,
  PersonVerificationResult,
  VerifyOrganisationRequest,
  VerifyOrganisationResponse,
  VerifyPersonRequest,
  VerifyPersonResponse,
} from '../../src-shared/protocol/shared-data';

export type VerificationSubject = { kind: 'person'; request: VerifyPersonRequest } | { kind: 'organisation'; request: VerifyOrganisationRequest };

export type VerificationState = 'pending' | 'done' | 'failed';

export interface VerificationRow {
  /** The draft id, and the case id once saved (IntakeData.id). */
  caseId: string;
  kind: VerificationSubject['kind'];
  request: VerifyPersonRequest | VerifyOrganisationRequest;
  /** The question in one string: a changed number or name is a new question. */
  requestKey: string;
  state: VerificationState;
  result?: PersonVerificationResult | OrganisationVerificationResult;
  mismatchedFields?: OrganisationField[];
  checkedAt?: string;
  source?: string;
  /** The center's audit row. */
  queryId?: string;
  /** Why the center refused to answer (state 'failed'): the question itself was wrong. */
  error?: string;
  /** Times the center was asked without an answer. */
  attempts: number;
  lastAttemptAt?: string;
  createdAt: string;
  updatedAt: string;
}

export function requestKeyOf(s: VerificationSubject): string {
  return s.kind === 'person'
    ? JSON.stringify(['person', s.request.documentType, s.request.documentNumber, s.request.name])
    : JSON.stringify(['organisation', s.request.creditCode, s.request.name, s.request.legalRepresentative]);
}

/** The question back from its key (the inverse of requestKeyOf). */
export function subjectOfKey(key: string): VerificationSubject {
  const [kind, a, b, c] = JSON.parse(key) as [string, string, string, string];
  return kind === 'person'
    ? { kind: 'person', request: { documentType: a as VerifyPersonRequest['documentType'], documentNumber: b, name: c } }
    : { kind: 'organisation', request: { creditCode: a, name: b, legalRepresentative: c } };
}

export type VerificationAnswer = VerifyPersonResponse | VerifyOrganisationResponse;

export class VerificationsRepository {
  private readonly table: Table<VerificationRow, string>;

  constructor(private readonly db: Dexie) {
    this.table = db.table<VerificationRow, string>('verifications');
  }

  get(caseId: string): Promise<VerificationRow | undefined> {
    return this.table.get(caseId);
  }

  /**
   * The clerk's question for a case: kept as it is when it is the same question (an
   * answer already there is reused), otherwise replaces the row as `pending`.
   */
  async request(caseId: string, subject: VerificationSubject, now: string): Promise<VerificationRow> {
    const key = requestKeyOf(subject);
    return this.db.transaction('rw', this.table, async () => {
      const cur = await this.table.get(caseId);
      if (cur && cur.requestKey === key && cur.state !== 'failed') return cur;
      const row: VerificationRow = { caseId, kind: subject.kind, request: subject.request, requestKey: key, state: 'pending', attempts: 0, createdAt: now, updatedAt: now };
      await this.table.put(row);
      return row;
    });
  }

  /** Records the center's answer, unless the question changed meanwhile. True when stored. */
  async complete(caseId: string, requestKey: string, answer: VerificationAnswer, now: string): Promise<boolean> {
    return this.db.transaction('rw', this.table, async () => {
      const cur = await this.table.get(caseId);
      if (!cur || cur.requestKey !== requestKey) return false;
      const next: VerificationRow = {
        ...cur,
        state: 'done',
        result: answer.result,
        checkedAt: answer.checkedAt,
        source: answer.source,
        queryId: answer.queryId,
        attempts: cur.attempts + 1,
        lastAttemptAt: now,
        updatedAt: now,
      };
      if ('mismatchedFields' in answer) next.mismatchedFields = answer.mismatchedFields;
      delete next.error;
      await this.table.put(next);
      return true;
    });
  }

  /** The center refused the question (it will not answer it however often asked). */
  async fail(caseId: string, requestKey: string, error: string, now: string): Promise<boolean> {
    return this.db.transaction('rw', this.table, async () => {
      const cur = await this.table.get(caseId);
      if (!cur || cur.requestKey !== requestKey) return false;
      await this.table.put({ ...cur, state: 'failed', error, attempts: cur.attempts + 1, lastAttemptAt: now, updatedAt: now });
      return true;
    });
  }

  /** Asked, no answer (offline, timeout, center busy): stays pending. */
  async noteAttempt(caseId: string, requestKey: string, now: string): Promise<void> {
    await this.db.transaction('rw', this.table, async () => {
      const cur = await this.table.get(caseId);
      if (cur && cur.requestKey === requestKey && cur.state === 'pending') await this.table.put({ ...cur, attempts: cur.attempts + 1, lastAttemptAt: now, updatedAt: now });
    });
  }

  /** Questions waiting for the center, oldest first. */
  async pending(): Promise<VerificationRow[]> {
    const rows = await this.table.where('state').equals('pending').toArray();
    return rows.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  }

  async remove(caseId: string): Promise<void> {
    await this.table.delete(caseId);
  }

  /** Is there still a case or a draft with this id? (A discarded draft's question is not worth asking.) */
  async hasOwner(caseId: string): Promise<boolean> {
    const [c, d] = await Promise.all([this.db.table('cases').get(caseId), this.db.table('drafts').get(caseId)]);
    return c !== undefined || d !== undefined;
  }
}
