/** Builders for the cases-list tests: catalog items, intake commits, rows as the list reads them. */
import { snapshotOf, type Decision, type MaterialState } from '../../../src-shared/domain/case';
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import { makeCreditCode, makeResidentId } from '../../../src-shared/domain/identifiers';
import type { IntakeCommit } from '../../../src-renderer/db/casesRepository';
import type { CaseRow } from '../../../src-renderer/db/casesSchema';
import { makeItem } from '../renderer/fixtures';

export const WINDOW_ID = 'w-130102-01';
export const CLERK_ID = 'c-130102-01-1';

/** A promised item (case type 2) with the given promised days and two materials. */
export function promisedItem(promisedDays: number): CatalogItem {
  return makeItem({ implementationCode: `11130102SCJG00${String(promisedDays).padStart(2, '0')}`, name: `测试许可${promisedDays}日`, promisedDays, statutoryDays: Math.max(20, promisedDays) });
}

export const IMMEDIATE_ITEM = makeItem({ implementationCode: '11130102GAJ00099', name: '即办证明', caseType: '1', promisedDays: 0, statutoryDays: 0 });

/** Materials of an item, all present (or only the first, when `complete` is false). */
export function materialsOf(item: CatalogItem, complete = true): MaterialState[] {
  return item.materials.map((m, i) => ({
    materialId: m.id,
    name: m.name,
    required: m.required,
    tolerable: m.tolerable,
    originalsRequired: m.originals,
    copiesRequired: m.copies,
    originalSeen: complete || i === 0,
    copiesReceived: complete || i === 0 ? m.copies : 0,
    scans: [],
  }));
}

/** Noon in China on a date: the same calendar date in any time zone from UTC−4 to UTC+14. */
export const noonOn = (date: string) => `${date}T12:00:00+08:00`;

export function person(name: string, birth: string, seq: number) {
  return { kind: 'person' as const, name, documentType: '111' as const, documentNumber: makeResidentId('130102', birth, seq) };
}

export function organisation(name: string) {
  return {
    kind: 'organisation' as const,
    name,
    creditCode: makeCreditCode({ authority: '9', category: '1', regionCode: '130102', orgBody: 'MA0ABCDE' }),
    legalRepresentative: { name: '赵六', documentType: '111' as const, documentNumber: makeResidentId('130102', '1975-01-02', 31) },
  };
}

export function commitOf(opts: {
  item: CatalogItem;
  receivedOn: string;
  decision: Decision['kind'];
  applicant?: IntakeCommit['applicant'];
  complete?: boolean;
  dueDatePending?: string;
}): IntakeCommit {
  const at = noonOn(opts.receivedOn);
  const materials = materialsOf(opts.item, opts.complete ?? opts.decision !== 'supplement');
  const base = { at, clerkId: CLERK_ID };
  const decision: Decision =
    opts.decision === 'accept'
      ? { kind: 'accept', ...base }
      : opts.decision === 'refuse'
        ? { kind: 'refuse', ...base, reason: '申请事项不属于本机关职权范围' }
        : opts.decision === 'supplement'
          ? { kind: 'supplement', ...base, deficiencies: materials.filter((m) => m.copiesReceived < m.copiesRequired || (m.originalsRequired > 0 && !m.originalSeen)).map((m) => ({ materialId: m.materialId, text: `请补交${m.name}` })) }
          : opts.decision === 'complete'
            ? { kind: 'complete', ...base }
            : { kind: 'accept-with-gap', ...base, gapMaterialIds: ['M2'], commitmentDeadline: opts.receivedOn, commitmentSigned: true };
  return {
    id: crypto.randomUUID(),
    windowId: WINDOW_ID,
    clerkId: CLERK_ID,
    windowRegionCode: '130102',
    item: snapshotOf(opts.item, 3),
    applicant: opts.applicant ?? person('王小明', '1990-03-07', 123),
    form: {},
    materials,
    receivedAt: at,
    decision,
    ...(opts.dueDatePending ? { dueDatePending: opts.dueDatePending } : {}),
    blobs: [],
  };
}

/** A row as stored, without a database (for the pure countdown tests). */
export function rowOf(opts: Parameters<typeof commitOf>[0] & { status?: CaseRow['status']; noDecision?: boolean }): CaseRow {
  const c = commitOf(opts);
  const status: CaseRow['status'] =
    opts.status ?? (c.decision.kind === 'accept' || c.decision.kind === 'accept-with-gap' ? 'accepted' : c.decision.kind === 'refuse' ? 'refused' : c.decision.kind === 'supplement' ? 'awaiting-supplement' : 'completed');
  return {
    id: c.id,
    caseNumber: '130102' + opts.receivedOn.replaceAll('-', '') + 'ABC123000001X',
    windowId: c.windowId,
    clerkId: c.clerkId,
    deviceId: 'ABC123',
    windowRegionCode: c.windowRegionCode,
    item: c.item,
    applicant: c.applicant,
    form: c.form,
    materials: c.materials,
    status,
    receivedAt: c.receivedAt,
    ...(opts.noDecision ? {} : { decision: c.decision }),
    createdAt: c.receivedAt,
    updatedAt: c.receivedAt,
    searchKeys: [],
    receivedDate: opts.receivedOn,
    ...(opts.dueDatePending ? { dueDatePending: opts.dueDatePending } : {}),
  };
}
