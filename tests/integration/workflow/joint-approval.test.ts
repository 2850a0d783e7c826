/**
 * The province's workflow end to end through the center's own doors, on PGlite and — with
 * DATABASE_URL — PostgreSQL: a window pushes a signed acceptance, the case is routed to
 * every reviewing department in the same transaction, reviewers act in the console, and the
 * accepting window pulls each step of the progress.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleCase, WorklistResponse } from '../../../src-shared/protocol/console';
import { ResultInfo } from '../../../src-shared/protocol/workflow';
import { backends, type Place } from '../center/backends';
import {
  acceptCase,
  consoleCall,
  implementation,
  openWindow,
  pulledProgress,
  login,
  newReviewer,
  startWorkflowCenter,
  supplementReceived,
  type Implementation,
  type Login,
  type Window,
  type WorkflowCenter,
} from './harness';

describe.each(backends)('joint approval on $name', (backend) => {
  let place: Place;
  let c: WorkflowCenter;
  let win: Window; // 长安区 130102
  let other: Window; // 桥西区 130104
  let joint: Implementation; // 3 departments, 10 working days
  let single: Implementation; // 1 department, 10 working days
  let cityItem: Implementation; // a city-level item (石家庄市 130100)
  const reviewers = new Map<string, { login: Login; password: string; at: number }>();
  // A reviewer of the department, logged in afresh when the test clock has moved past the session's idle expiry.
  const as = async (dept: string): Promise<Login> => {
    const r = reviewers.get(dept);
    const now = c.clock.now.getTime();
    if (r && Math.abs(now - r.at) < 3_600_000) return r.login;
    const who = r ? { username: r.login.session.reviewer.username, password: r.password } : await newReviewer(c.web, dept);
    const fresh = { login: await login(c.web, who.username, who.password), password: who.password, at: now };
    reviewers.set(dept, fresh);
    return fresh.login;
  };
  const stepOf = (k: ConsoleCase, dept: string) => k.steps.find((s) => s.departmentCode === dept)!;
  const open = async (caseId: string, dept: string): Promise<ConsoleCase> => {
    const res = await consoleCall(c.web, await as(dept), 'GET', `/v1/console/cases/${caseId}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return ConsoleCase.parse(res.body);
  };
  const act = async (caseId: string, dept: string, action: string, body: unknown) => {
    const k = await open(caseId, dept);
    return consoleCall(c.web, await as(dept), 'POST', `/v1/console/steps/${k.myStep.stepId}/${action}`, body);
  };

  beforeAll(async () => {
    place = await backend.fresh();
    c = await startWorkflowCenter(place);
    win = await openWindow(c, 'w-130102-01');
    other = await openWindow(c, 'w-130104-01');
    joint = await implementation(c, `im.region_code = '130102' AND jsonb_array_length(im.review_department_codes) = 3 AND im.promised_days = 10`);
    single = await implementation(c, `im.region_code = '130102' AND jsonb_array_length(im.review_department_codes) = 1 AND im.promised_days = 10`);
    cityItem = await implementation(c, `im.region_code = '130100' AND jsonb_array_length(im.review_department_codes) >= 2`);
  });
  afterAll(async () => {
    await c?.close();
    await place?.cleanup();
  });

  it('routes an accepted joint case to every department at once, each with its own due date, and the window pulls "routed"', async () => {
    const k = await acceptCase(c, win, joint); // Monday 2025-11-03, 10 working days → Monday 2025-11-17
    const [d1, d2, d3] = joint.reviewDepartmentCodes as [string, string, string];
    for (const dept of [d1, d2, d3]) {
      const list = WorklistResponse.parse((await consoleCall(c.web, await as(dept), 'GET', '/v1/console/worklist')).body);
      const entry = list.entries.find((e) => e.caseId === k.caseId);
      expect(entry, dept).toMatchObject({ stepStatus: 'pending', caseStatus: 'in-review', stepDueDate: '2025-11-17', departments: 3, caseNumber: k.caseNumber });
    }
    const view = await open(k.caseId, d2);
    expect(view.steps.map((s) => s.departmentCode)).toEqual(joint.reviewDepartmentCodes);
    expect(view.steps.every((s) => s.status === 'pending' && s.dueDate === '2025-11-17')).toBe(true);
    expect(view).toMatchObject({ caseStatus: 'in-review', dueDate: '2025-11-17', proxy: false, receiptSha256: k.receiptSha, windowId: 'w-130102-01' });
    expect(view.applicant).toEqual({ kind: 'person', name: '李秀英', idType: '111', idNumber: '11010519491231002X' });
    expect(view.materials[0]!.scans[0]!.sha256).toBe(k.scanSha);

    const pulled = await pulledProgress(c, win, k.caseId);
    expect(pulled.map((p) => p.type)).toEqual(['routed']);
    expect(pulled[0]).toMatchObject({ caseStatus: 'in-review', dueDate: '2025-11-17', regionCode: '130102', caseNumber: k.caseNumber, actor: 'center' });
    // Another county's window does not see it.
    expect(await pulledProgress(c, other, k.caseId)).toEqual([]);
  });

  it('routes a city-level item to the city departments while the accepting county window keeps pulling it', async () => {
    const k = await acceptCase(c, win, cityItem);
    const lead = await open(k.caseId, cityItem.reviewDepartmentCodes[0]!);
    expect(lead.itemRegionCode).toBe('130100');
    expect(lead.steps.map((s) => s.departmentCode)).toEqual(cityItem.reviewDepartmentCodes);
    expect(lead.steps.every((s) => s.departmentCode.startsWith('130100-'))).toBe(true);
    // The county's department of the same kind has no step: the case does not exist for it.
    const countyTwin = `130102-${cityItem.reviewDepartmentCodes[0]!.split('-')[1]}`;
    expect((await consoleCall(c.web, await as(countyTwin), 'GET', `/v1/console/cases/${k.caseId}`)).status).toBe(404);
    expect((await pulledProgress(c, win, k.caseId)).map((p) => p.type)).toEqual(['routed']);
  });

  it('does not route refused, supplement-notice or completed-on-the-spot cases', async () => {
    for (const decision of ['refused', 'supplement-notice', 'completed'] as const) {
      const k = await acceptCase(c, win, joint, { decision });
      expect(await pulledProgress(c, win, k.caseId), decision).toEqual([]);
      expect((await consoleCall(c.web, await as(joint.reviewDepartmentCodes[0]!), 'GET', `/v1/console/cases/${k.caseId}`)).status).toBe(404);
    }
  });

  it('approves the case only when every department has approved, and the window pulls each approval', async () => {
    const k = await acceptCase(c, win, joint);
    const [d1, d2, d3] = joint.reviewDepartmentCodes as [string, string, string];
    let res = await act(k.caseId, d1, 'approve', { opinion: '符合条件' });
    expect(res.status).toBe(200);
    expect(ConsoleCase.parse(res.body)).toMatchObject({ caseStatus: 'in-review', myStep: { status: 'approved', opinion: '符合条件' } });
    res = await act(k.caseId, d2, 'approve', {});
    expect(res.body.caseStatus).toBe('in-review');
    // Approving twice is refused, not applied twice.
    res = await act(k.caseId, d1, 'approve', {});
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('已通过');
    res = await act(k.caseId, d3, 'approve', {});
    expect(ConsoleCase.parse(res.body).caseStatus).toBe('approved');

    const pulled = await pulledProgress(c, win, k.caseId);
    expect(pulled.map((p) => [p.type, p.caseStatus, p.departmentCode])).toEqual([
      ['routed', 'in-review', null],
      ['step-approved', 'in-review', d1],
      ['step-approved', 'in-review', d2],
      ['step-approved', 'approved', d3],
      ['approved', 'approved', null],
    ]);
    const done = WorklistResponse.parse((await consoleCall(c.web, await as(d1), 'GET', '/v1/console/worklist?status=done')).body);
    expect(done.entries.find((e) => e.caseId === k.caseId)).toMatchObject({ stepStatus: 'approved', caseStatus: 'approved', warning: 'none' });
    const openList = WorklistResponse.parse((await consoleCall(c.web, await as(d1), 'GET', '/v1/console/worklist')).body);
    expect(openList.entries.some((e) => e.caseId === k.caseId)).toBe(false);
  });

  it("refuses the case on one department's refusal, with its reasons, closes the other steps, and the window pulls the reasons", async () => {
    const k = await acceptCase(c, win, joint, { applicantName: '拒绝测试' });
    const [d1, d2, d3] = joint.reviewDepartmentCodes as [string, string, string];
    await act(k.caseId, d1, 'approve', {});
    const reasons = ['建设工程规划许可证与竣工图不符', '消防验收意见未附'];
    const res = await act(k.caseId, d2, 'refuse', { reasons });
    expect(res.status).toBe(200);
    const view = ConsoleCase.parse(res.body);
    expect(view.caseStatus).toBe('refused');
    expect(stepOf(view, d1).status).toBe('approved');
    expect(stepOf(view, d2)).toMatchObject({ status: 'refused', reasons });
    expect(stepOf(view, d3).status).toBe('closed');
    // The closed step cannot be acted on any more.
    expect((await act(k.caseId, d3, 'approve', {})).status).toBe(409);

    const pulled = await pulledProgress(c, win, k.caseId);
    const refused = pulled.filter((p) => p.type === 'step-refused' || p.type === 'refused');
    expect(refused.map((p) => p.type)).toEqual(['step-refused', 'refused']);
    for (const p of refused) expect(p).toMatchObject({ caseStatus: 'refused', reasons, departmentCode: d2 });
    expect(refused[1]!.stepId).toBeNull();

    // A refusal needs reasons, named by field and rule.
    const k2 = await acceptCase(c, win, joint);
    const bad = await act(k2.caseId, d1, 'refuse', { reasons: [] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'validation_failed', field: 'reasons' });
    expect(bad.body.message).toMatch(/reasons/);
    expect(bad.body.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('caps extensions at 15 working days in all for a joint case and 10 for a single department (rule 6)', async () => {
    const k = await acceptCase(c, win, joint);
    const d1 = joint.reviewDepartmentCodes[0]!;
    let res = await act(k.caseId, d1, 'extend', { days: 10, approver: '王局长', reason: '需现场核查' });
    expect(res.status).toBe(200);
    expect(stepOf(res.body, d1)).toMatchObject({ dueDate: '2025-12-01', extendedDays: 10 });
    expect(res.body.dueDate).toBe('2025-12-01'); // the case waits for its slowest department
    res = await act(k.caseId, d1, 'extend', { days: 6, approver: '王局长', reason: '继续核查' });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'rule_violation', field: 'days' });
    expect(res.body.message).toMatch(/16个工作日.*15个工作日.*rule 6/);
    res = await act(k.caseId, d1, 'extend', { days: 5, approver: '王局长', reason: '继续核查' });
    expect(res.status).toBe(200);
    expect(stepOf(res.body, d1)).toMatchObject({ dueDate: '2025-12-08', extendedDays: 15 });
    // Over 15 at once is a validation error naming the field.
    res = await act(k.caseId, d1, 'extend', { days: 16, approver: '王局长', reason: '继续核查' });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('days');
    // An approver is required.
    res = await act(k.caseId, d1, 'extend', { days: 1, approver: '', reason: '继续核查' });
    expect(res.body).toMatchObject({ error: 'validation_failed', field: 'approver' });

    const s = await acceptCase(c, win, single);
    const only = single.reviewDepartmentCodes[0]!;
    res = await act(s.caseId, only, 'extend', { days: 11, approver: '李主任', reason: '需专家论证' });
    expect(res.status).toBe(422);
    expect(res.body.message).toMatch(/11个工作日.*10个工作日/);
    res = await act(s.caseId, only, 'extend', { days: 10, approver: '李主任', reason: '需专家论证' });
    expect(res.status).toBe(200);
    expect(res.body.myStep).toMatchObject({ dueDate: '2025-12-01', extendedDays: 10 });

    const pulled = (await pulledProgress(c, win, k.caseId)).filter((p) => p.type === 'extended');
    expect(pulled.map((p) => p.extraDays)).toEqual([10, 5]);
    expect(pulled[0]!.reasons).toEqual(['需现场核查', '批准人：王局长']);
  });

  it('stops the clock during a special procedure and moves the due date by the working days it stopped (rule 7)', async () => {
    const k = await acceptCase(c, win, joint); // due Monday 2025-11-17
    const d1 = joint.reviewDepartmentCodes[0]!;
    c.clock.set('2025-11-05T10:00:00+08:00'); // Wednesday
    let res = await act(k.caseId, d1, 'pause', { procedure: 'expert-review', reason: '组织专家评审' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseStatus: 'paused', dueDate: null, myStep: { status: 'paused', dueDate: null } });
    const list = WorklistResponse.parse((await consoleCall(c.web, await as(d1), 'GET', '/v1/console/worklist')).body);
    expect(list.entries.find((e) => e.caseId === k.caseId)).toMatchObject({ stepStatus: 'paused', stepDueDate: null, daysLeft: null, warning: 'none' });
    // Only a paused step resumes; a paused one is not approved meanwhile.
    expect((await act(k.caseId, d1, 'approve', {})).status).toBe(409);

    c.clock.set('2025-11-10T09:00:00+08:00'); // the next Monday: Wednesday–Friday stopped (3 working days)
    res = await act(k.caseId, d1, 'resume', { note: '专家评审完毕' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseStatus: 'in-review', dueDate: '2025-11-20', myStep: { status: 'pending', dueDate: '2025-11-20' } });
    expect((await act(k.caseId, d1, 'resume', {})).status).toBe(409);

    const pulled = (await pulledProgress(c, win, k.caseId)).filter((p) => p.type === 'paused' || p.type === 'resumed');
    expect(pulled.map((p) => [p.type, p.caseStatus, p.dueDate])).toEqual([
      ['paused', 'paused', null],
      ['resumed', 'in-review', '2025-11-20'],
    ]);
    expect(pulled[0]!.reasons).toEqual(['专家评审：组织专家评审']);
  });

  it('sends a supplement request to the window as one notice, and resumes when the window records the supplement', async () => {
    const k = await acceptCase(c, win, joint);
    const d2 = joint.reviewDepartmentCodes[1]!;
    c.clock.set('2025-11-05T10:00:00+08:00');
    let res = await act(k.caseId, d2, 'supplement', { items: [{ materialId: 'm2', text: '身份证明复印件不清晰，请重新提供' }, { text: '补充竣工验收报告' }] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ caseStatus: 'awaiting-supplement', myStep: { status: 'awaiting-supplement', dueDate: null } });
    // A material that is not the case's is named as the field at fault.
    const k2 = await acceptCase(c, win, joint);
    res = await act(k2.caseId, d2, 'supplement', { items: [{ materialId: 'nope', text: '请补充' }] });
    expect(res.status).toBe(400);
    expect(res.body.field).toBe('items.0.materialId');

    let pulled = await pulledProgress(c, win, k.caseId);
    const notice = pulled.find((p) => p.type === 'supplement-requested')!;
    expect(notice).toMatchObject({ caseStatus: 'awaiting-supplement', departmentCode: d2 });
    expect(notice.reasons).toEqual(['身份证明：身份证明复印件不清晰，请重新提供', '补充竣工验收报告']);

    // The window records the supplement on Friday: Wednesday and Thursday were stopped.
    const supplementSha = await supplementReceived(c, k, '2025-11-07T10:00:00+08:00');
    const view = await open(k.caseId, d2);
    expect(view).toMatchObject({ caseStatus: 'in-review', myStep: { status: 'pending', dueDate: '2025-11-19' }, dueDate: '2025-11-19' });
    expect(view.materials.flatMap((m) => m.scans.map((s) => s.sha256))).toContain(supplementSha);
    const blob = await consoleCall(c.web, await as(d2), 'GET', `/v1/console/cases/${k.caseId}/blobs/${supplementSha}`);
    expect(blob.status).toBe(200);
    pulled = await pulledProgress(c, win, k.caseId);
    expect(pulled.at(-1)).toMatchObject({ type: 'supplement-received', caseStatus: 'in-review', dueDate: '2025-11-19', stepId: view.myStep.stepId });
  });

  it('warns yellow when 3 working days or fewer remain and red once overdue (rule 8)', async () => {
    const k = await acceptCase(c, win, single, { applicantName: '预警测试' }); // due 2025-11-17
    const dept = single.reviewDepartmentCodes[0]!;
    const entry = async () => {
      const list = WorklistResponse.parse((await consoleCall(c.web, await as(dept), 'GET', `/v1/console/worklist?q=${encodeURIComponent('预警测试')}`)).body);
      expect(list.total).toBe(1);
      return list.entries[0]!;
    };
    c.clock.set('2025-11-07T10:00:00+08:00');
    expect(await entry()).toMatchObject({ caseId: k.caseId, daysLeft: 6, warning: 'none' });
    c.clock.set('2025-11-12T10:00:00+08:00');
    expect(await entry()).toMatchObject({ daysLeft: 3, warning: 'yellow' });
    c.clock.set('2025-11-17T10:00:00+08:00');
    expect(await entry()).toMatchObject({ daysLeft: 0, warning: 'yellow' });
    c.clock.set('2025-11-18T10:00:00+08:00');
    expect(await entry()).toMatchObject({ daysLeft: -1, warning: 'red' });
  });

  it('leaves the due date unknown when it runs into a year the province has not published, and computes it once published', async () => {
    const k = await acceptCase(c, win, single, { at: '2026-12-28T09:00:00+08:00', applicantName: '跨年测试' });
    const dept = single.reviewDepartmentCodes[0]!;
    c.clock.set('2026-12-29T10:00:00+08:00');
    let view = await open(k.caseId, dept);
    expect(view.myStep.dueDate).toBeNull();
    expect(view.dueDate).toBeNull();
    expect((await pulledProgress(c, win, k.caseId))[0]).toMatchObject({ type: 'routed', dueDate: null });
    const res = await c.web.inject({
      method: 'PUT',
      url: '/v1/calendar/2027',
      headers: { authorization: `Bearer ${process.env.CENTER_ADMIN_TOKEN}` },
      payload: { year: 2027, holidays: ['2027-01-01'], workdays: [], source: '测试' },
    });
    expect(res.statusCode).toBe(200);
    view = await open(k.caseId, dept);
    // 2026-12-29, 30, 31, then 2027-01-04 … (1 January a holiday): the 10th working day.
    expect(view.myStep.dueDate).toBe('2027-01-12');
  });

  it('lets only the lead department issue the result, only once every department approved; the case completes and the window pulls it', async () => {
    const k = await acceptCase(c, win, joint);
    const [d1, d2, d3] = joint.reviewDepartmentCodes as [string, string, string];
    expect(joint.departmentCode).toBe(d1);
    const body = { kind: 'licence', title: '竣工联合验收意见书', body: '经联合验收，该工程符合竣工验收条件。' };
    let res = await consoleCall(c.web, await as(d1), 'POST', `/v1/console/cases/${k.caseId}/result`, body);
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('case_not_approved');
    for (const d of [d1, d2, d3]) expect((await act(k.caseId, d, 'approve', {})).status).toBe(200);
    res = await consoleCall(c.web, await as(d2), 'POST', `/v1/console/cases/${k.caseId}/result`, body);
    expect(res.status).toBe(403);
    res = await consoleCall(c.web, await as(d1), 'POST', `/v1/console/cases/${k.caseId}/result`, { ...body, kind: 'refusal' });
    expect(res.status).toBe(409);
    res = await consoleCall(c.web, await as(d1), 'POST', `/v1/console/cases/${k.caseId}/result`, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const view = ConsoleCase.parse(res.body);
    expect(view.caseStatus).toBe('completed');
    expect(ResultInfo.parse(view.result)).toMatchObject({ caseId: k.caseId, resultKind: 'licence', collectWindowId: 'w-130102-01', status: 'valid' });
    res = await consoleCall(c.web, await as(d1), 'POST', `/v1/console/cases/${k.caseId}/result`, body);
    expect(res.status).toBe(409);

    const pulled = await pulledProgress(c, win, k.caseId);
    expect(pulled.at(-1)).toMatchObject({ type: 'result-issued', caseStatus: 'completed', departmentCode: d1 });
    expect(pulled.filter((p) => p.type === 'result-issued')).toHaveLength(1);
  });
});
