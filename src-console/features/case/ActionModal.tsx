/**
 * One modal for every action on my step (and for issuing the result): the form, checked
 * against the contract before anything is sent; a confirmation; progress while the center
 * works; the center's field errors under their fields, other errors above the form.
 */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Form, Input, InputNumber, Modal, Select, Space, Spin, Typography } from 'antd';
import { useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import {
  ApproveRequest,
  ExtendRequest,
  IssueResultRequest,
  PauseRequest,
  RefuseRequest,
  ResumeRequest,
  SupplementRequest,
  type ConsoleCase,
} from '../../../src-shared/protocol/console';
import { SpecialProcedure } from '../../../src-shared/protocol/workflow';
import { ApiError } from '../../api/client';
import { describeError, fieldErrors, fieldPath } from '../../app/errors';
import { useLocale, useT, type MessageKey, type TFunction } from '../../app/i18n';
import { useApi } from '../../app/session';
import { extensionAllowance, requestBody, resultKindsFor, type ActionFormValues, type ActionKind } from './caseModel';

export const ACTION_LABELS: Record<ActionKind, MessageKey> = {
  approve: 'action.approve',
  refuse: 'action.refuse',
  supplement: 'action.supplement',
  extend: 'action.extend',
  pause: 'action.pause',
  resume: 'action.resume',
  issue: 'action.issue',
};

const SCHEMAS: Record<ActionKind, z.ZodType> = {
  approve: ApproveRequest,
  refuse: RefuseRequest,
  supplement: SupplementRequest,
  extend: ExtendRequest,
  pause: PauseRequest,
  resume: ResumeRequest,
  issue: IssueResultRequest,
};

const FIELDS: Record<ActionKind, readonly string[]> = {
  approve: ['opinion'],
  refuse: ['reasons'],
  supplement: ['items'],
  extend: ['days', 'approver', 'reason'],
  pause: ['procedure', 'reason'],
  resume: ['note'],
  issue: ['kind', 'title', 'body', 'validUntil', 'collectWindowId'],
};

function initialValues(kind: ActionKind, c: ConsoleCase): ActionFormValues {
  switch (kind) {
    case 'refuse':
      return { reasons: [''] };
    case 'supplement':
      return { items: [{}] };
    case 'pause':
      return { procedure: 'hearing' };
    case 'issue': {
      const kinds = resultKindsFor(c);
      const refusalReasons = c.steps.flatMap((s) => (s.status === 'refused' ? s.reasons : []));
      return { kind: kinds[0], title: c.itemName, body: c.caseStatus === 'refused' ? refusalReasons.join('\n') : '', collectWindowId: '' };
    }
    default:
      return {};
  }
}

function confirmContent(t: TFunction, kind: ActionKind, c: ConsoleCase, body: Record<string, unknown>): ReactNode {
  const list = (xs: string[]) => (
    <ol style={{ margin: '8px 0 0', paddingInlineStart: 20 }}>
      {xs.map((x, i) => (
        <li key={i}>{x}</li>
      ))}
    </ol>
  );
  switch (kind) {
    case 'approve':
      return t('action.confirmApprove', { caseNumber: c.caseNumber });
    case 'refuse': {
      const reasons = body.reasons as string[];
      return (
        <>
          {t('action.confirmRefuse', { caseNumber: c.caseNumber, n: reasons.length })}
          {list(reasons)}
        </>
      );
    }
    case 'supplement': {
      const items = body.items as { materialId?: string; text: string }[];
      const name = (id?: string) => c.materials.find((m) => m.materialId === id)?.name;
      return (
        <>
          {t('action.confirmSupplement', { n: items.length })}
          {list(items.map((i) => (name(i.materialId) ? `${name(i.materialId)} — ${i.text}` : i.text)))}
        </>
      );
    }
    case 'extend':
      return t('action.confirmExtend', { days: body.days as number, approver: body.approver as string });
    case 'pause':
      return t('action.confirmPause', { procedure: t(`procedure.${body.procedure as SpecialProcedure}`) });
    case 'resume':
      return t('action.confirmResume');
    case 'issue':
      return t('action.confirmIssue', { title: body.title as string });
  }
}

function RemoveButton({ onClick, label }: { onClick(): void; label: string }) {
  return <Button type="text" icon={<DeleteOutlined />} onClick={onClick} aria-label={label} title={label} />;
}

function Fields({ kind, c, t }: { kind: ActionKind; c: ConsoleCase; t: TFunction }) {
  switch (kind) {
    case 'approve':
      return (
        <Form.Item name="opinion" label={t('form.opinion')}>
          <Input.TextArea autoFocus rows={3} maxLength={500} showCount data-testid="form-opinion" />
        </Form.Item>
      );
    case 'refuse':
      return (
        <Form.List name="reasons">
          {(fields, ops, meta) => (
            <>
              <Typography.Paragraph type="secondary">{t('form.reasonsHint')}</Typography.Paragraph>
              {fields.map((f, i) => (
                <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Form.Item name={f.name} label={`${t('form.reason')} ${i + 1}`} style={{ flex: 1 }}>
                    <Input.TextArea autoFocus={i === 0} rows={2} maxLength={500} data-testid={`form-reason-${i}`} />
                  </Form.Item>
                  <div style={{ paddingTop: 30 }}>
                    <RemoveButton onClick={() => ops.remove(f.name)} label={t('common.remove')} />
                  </div>
                </div>
              ))}
              <Form.ErrorList errors={meta.errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => ops.add('')} data-testid="form-add">
                {t('common.add')}
              </Button>
            </>
          )}
        </Form.List>
      );
    case 'supplement':
      return (
        <Form.List name="items">
          {(fields, ops, meta) => (
            <>
              <Typography.Paragraph type="secondary">{t('form.itemsHint')}</Typography.Paragraph>
              {fields.map((f, i) => (
                <div key={f.key} style={{ display: 'flex', gap: 8, alignItems: 'flex-start' }}>
                  <Form.Item name={[f.name, 'materialId']} label={t('form.itemMaterial')} style={{ width: 220 }}>
                    <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={c.materials.map((m) => ({ value: m.materialId, label: m.name }))} data-testid={`form-item-material-${i}`} />
                  </Form.Item>
                  <Form.Item name={[f.name, 'text']} label={`${t('form.itemText')} ${i + 1}`} style={{ flex: 1 }}>
                    <Input.TextArea autoFocus={i === 0} rows={2} maxLength={500} data-testid={`form-item-text-${i}`} />
                  </Form.Item>
                  <div style={{ paddingTop: 30 }}>
                    <RemoveButton onClick={() => ops.remove(f.name)} label={t('common.remove')} />
                  </div>
                </div>
              ))}
              <Form.ErrorList errors={meta.errors} />
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => ops.add({})} data-testid="form-add">
                {t('common.add')}
              </Button>
            </>
          )}
        </Form.List>
      );
    case 'extend': {
      const a = extensionAllowance(c);
      return (
        <>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="extend-rule"
            title={t('form.extendRule', { kind: t(a.joint ? 'form.extendKindJoint' : 'form.extendKindSingle'), used: a.used, left: a.left })}
          />
          <Form.Item name="days" label={t('form.days')}>
            <InputNumber autoFocus min={1} max={a.left} precision={0} style={{ width: 160 }} data-testid="form-days" />
          </Form.Item>
          <Form.Item name="approver" label={t('form.approver')}>
            <Input maxLength={64} data-testid="form-approver" />
          </Form.Item>
          <Form.Item name="reason" label={t('form.extendReason')}>
            <Input.TextArea rows={3} maxLength={500} data-testid="form-reason" />
          </Form.Item>
        </>
      );
    }
    case 'pause':
      return (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('form.pauseRule')} />
          <Form.Item name="procedure" label={t('form.procedure')}>
            <Select autoFocus options={SpecialProcedure.options.map((p) => ({ value: p, label: t(`procedure.${p}`) }))} data-testid="form-procedure" />
          </Form.Item>
          <Form.Item name="reason" label={t('form.pauseReason')}>
            <Input.TextArea rows={3} maxLength={500} data-testid="form-reason" />
          </Form.Item>
        </>
      );
    case 'resume':
      return (
        <Form.Item name="note" label={t('form.resumeNote')}>
          <Input.TextArea autoFocus rows={3} maxLength={500} data-testid="form-note" />
        </Form.Item>
      );
    case 'issue':
      return (
        <>
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('form.issueLead')} />
          <Form.Item name="kind" label={t('form.kind')}>
            <Select options={resultKindsFor(c).map((k) => ({ value: k, label: t(`resultKind.${k}`) }))} data-testid="form-kind" />
          </Form.Item>
          <Form.Item name="title" label={t('form.title')}>
            <Input autoFocus maxLength={40} showCount data-testid="form-title" />
          </Form.Item>
          <Form.Item name="body" label={t('form.body')} extra={t('form.bodyHint')}>
            <Input.TextArea rows={5} maxLength={4000} showCount data-testid="form-body" />
          </Form.Item>
          <Space size="large" wrap>
            <Form.Item name="validUntil" label={t('form.validUntil')}>
              <Input type="date" style={{ width: 180 }} data-testid="form-valid-until" />
            </Form.Item>
            <Form.Item name="collectWindowId" label={t('form.collectWindow', { windowId: c.windowId })}>
              <Input maxLength={64} placeholder={c.windowId} style={{ width: 260 }} data-testid="form-collect-window" />
            </Form.Item>
          </Space>
        </>
      );
  }
}

export function ActionModal({ kind, c, onClose, onDone }: { kind: ActionKind; c: ConsoleCase; onClose(): void; onDone(next: ConsoleCase): void }) {
  const t = useT();
  const locale = useLocale();
  const api = useApi();
  const { modal, message } = AntApp.useApp();
  const [form] = Form.useForm();
  const [running, setRunning] = useState(false);
  // A second OK (a double click, or a click on the confirm while it closes) must not send the action twice.
  const inFlight = useRef(false);
  const [formError, setFormError] = useState<string | null>(null);
  const action = t(ACTION_LABELS[kind]);
  const danger = kind === 'refuse';

  function clearErrors() {
    setFormError(null);
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] as string[] })));
  }

  async function run(body: Record<string, unknown>) {
    if (inFlight.current) return;
    inFlight.current = true;
    setRunning(true);
    try {
      const next = kind === 'issue' ? await api.issueResult(c.caseId, body as z.input<typeof IssueResultRequest>) : await api.stepAction(kind, c.myStep.stepId, body);
      message.success(t('action.done', { action }));
      onDone(next);
      onClose();
    } catch (e) {
      const text = describeError(t, e);
      const path = e instanceof ApiError ? fieldPath(e.field, FIELDS[kind]) : null;
      if (path) form.setFields([{ name: path, errors: [text] }]);
      else setFormError(text);
    } finally {
      inFlight.current = false;
      setRunning(false);
    }
  }

  function submit() {
    if (running) return;
    clearErrors();
    const body = requestBody(kind, form.getFieldsValue(true) as ActionFormValues);
    const parsed = SCHEMAS[kind].safeParse(body);
    const errors = parsed.success ? [] : fieldErrors(t, locale, parsed.error);
    if (kind === 'extend' && typeof body.days === 'number' && body.days > extensionAllowance(c).left)
      errors.push({ name: ['days'], errors: [t('validation.max', { n: extensionAllowance(c).left })] });
    if (errors.length) {
      form.setFields(errors);
      return;
    }
    modal.confirm({
      title: t('action.confirmTitle', { action }),
      content: <div data-testid="action-confirm">{confirmContent(t, kind, c, body)}</div>,
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger, 'data-testid': 'action-confirm-ok' },
      autoFocusButton: 'ok',
      onOk: () => {
        void run(body);
      },
    });
  }

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <Modal
      open
      title={action}
      width={kind === 'supplement' || kind === 'issue' ? 720 : 560}
      onCancel={() => !running && onClose()}
      closable={!running}
      mask={{ closable: !running }}
      keyboard={!running}
      destroyOnHidden
      okText={running ? t('action.running') : action}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, loading: running, 'data-testid': 'action-submit' }}
      cancelButtonProps={{ disabled: running }}
      onOk={submit}
    >
      <div data-testid={`action-modal-${kind}`} onKeyDown={onKeyDown}>
        {formError && <Alert type="error" showIcon title={t('action.failed')} description={formError} style={{ marginBottom: 16 }} data-testid="action-error" />}
        <Spin spinning={running} description={t('action.running')}>
          <Form form={form} layout="vertical" initialValues={initialValues(kind, c)} disabled={running} requiredMark={false}>
            <Fields kind={kind} c={c} t={t} />
          </Form>
        </Spin>
      </div>
    </Modal>
  );
}
