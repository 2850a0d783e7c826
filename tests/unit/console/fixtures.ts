/** Contract-valid console answers for the console's unit tests. */
import type { ConsoleCase, ConsoleSession, ConsoleStep, WorklistEntry } from '../../../src-shared/protocol/console';

export const CASE_ID = '3f0b7c1e-8a4d-4c2b-9e1f-0a1b2c3d4e5f';
export const STEP_ID = '6a1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
export const OTHER_STEP_ID = '7b2f3e4d-5c6b-4a79-8887-b6c5d4e3f2a1';

export const session: ConsoleSession = {
  reviewer: {
    id: 'r-1',
    username: 'zhang.san',
    name: '张三',
    departmentCode: 'SCJG',
    departmentName: '市场监督管理局',
    regionCode: '130102',
    regionName: '长安区',
  },
  csrfToken: 'csrf-0123456789abcdef',
  expiresAt: '2025-03-01T12:00:00+08:00',
};

export function step(over: Partial<ConsoleStep> = {}): ConsoleStep {
  return {
    stepId: STEP_ID,
    departmentCode: 'SCJG',
    departmentName: '市场监督管理局',
    status: 'pending',
    dueDate: '2025-03-14',
    decidedAt: null,
    reviewerName: null,
    opinion: null,
    reasons: [],
    extendedDays: 0,
    ...over,
  };
}

export function consoleCase(over: Partial<ConsoleCase> = {}): ConsoleCase {
  const myStep = over.myStep ?? step();
  return {
    caseId: CASE_ID,
    caseNumber: '130102-20250301-000001',
    itemName: '食品经营许可',
    implementationCode: '11130102MB0000000X4000111017000',
    itemRegionCode: '130102',
    windowId: 'w-130102-01',
    windowRegionCode: '130102',
    proxy: false,
    applicant: { kind: 'person', name: '李四', idType: '居民身份证', idNumber: '110101199003074512' },
    form: { 经营场所: '长安区中山路1号', 面积: 120 },
    materials: [{ materialId: 'm1', name: '营业执照', required: true, scans: [{ sha256: 'a'.repeat(64), name: 'licence.pdf', mime: 'application/pdf', size: 2048 }] }],
    receiptSha256: 'b'.repeat(64),
    acceptedAt: '2025-03-01T09:00:00+08:00',
    caseStatus: 'in-review',
    dueDate: '2025-03-20',
    leadDepartmentCode: myStep.departmentCode,
    myStep,
    steps: [myStep],
    progress: [],
    result: null,
    ...over,
  };
}

export function entry(over: Partial<WorklistEntry> = {}): WorklistEntry {
  return {
    stepId: STEP_ID,
    caseId: CASE_ID,
    caseNumber: '130102-20250301-000001',
    itemName: '食品经营许可',
    applicantName: '李四',
    acceptedAt: '2025-03-01T09:00:00+08:00',
    stepStatus: 'pending',
    caseStatus: 'in-review',
    stepDueDate: '2025-03-14',
    daysLeft: 5,
    warning: 'none',
    departments: 1,
    ...over,
  };
}
