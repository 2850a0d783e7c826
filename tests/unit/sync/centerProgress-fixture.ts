/** Pulled changes as the center sends them: a case's progress (protocol/workflow.ts) and results. */
import type { Change } from '../../../src-shared/protocol/sync';
import type { CaseProgress } from '../../../src-shared/protocol/workflow';

type Progress = Extract<Change, { kind: 'case-progress' }>;
type Result = Extract<Change, { kind: 'result' }>;

/** A change log: positions and times go up with each change made. */
export class ChangeLog {
  private n = 0;
  constructor(private readonly start = Date.parse('2025-10-09T09:00:00+08:00')) {}

  private next(): { position: string; at: string } {
    this.n += 1;
    // One hour apart, in the same cursor form the center uses (txid.id).
    return { position: `${1000 + this.n}.${this.n}`, at: new Date(this.start + this.n * 3_600_000).toISOString() };
  }

  /** `daysLater` moves the event that many calendar days after the log's start. */
  progress(caseId: string, p: Partial<CaseProgress> & Pick<CaseProgress, 'type' | 'caseStatus'>, daysLater?: number): Progress {
    const { position, at } = this.next();
    const eventAt = daysLater === undefined ? at : new Date(this.start + daysLater * 86_400_000 + this.n * 60_000).toISOString();
    return {
      position,
      at,
      kind: 'case-progress',
      regionCode: '130102',
      caseId,
      caseNumber: `N-${caseId.slice(0, 8)}`,
      windowId: 'w-130102-01',
      stepId: null,
      departmentCode: null,
      departmentName: null,
      actor: 'center',
      ...p,
      eventAt,
    };
  }

  result(caseId: string, title = '食品经营许可证'): Result {
    const { position, at } = this.next();
    return {
      position,
      at,
      kind: 'result',
      regionCode: '130102',
      resultId: crypto.randomUUID(),
      caseId,
      caseNumber: `N-${caseId.slice(0, 8)}`,
      resultKind: 'licence',
      title,
      verificationCode: 'ABCD-EFGH-JKMN-PQRS',
      sha256: 'a'.repeat(64),
      size: 1234,
      issuedAt: at,
      status: 'valid',
      collectWindowId: 'w-130102-01',
    };
  }

  catalog(version: number): Change {
    return { ...this.next(), kind: 'catalog-version', version };
  }
}

export const dept = (code: string, name: string) => ({ departmentCode: code, departmentName: name, stepId: crypto.randomUUID() });
