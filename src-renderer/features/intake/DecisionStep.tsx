/**
 * Step 4: the decision. Accept, accept with a tolerated gap (commitment and deadline),
 * refuse (with a reason), the one-time notice to supplement (every missing material,
 * prefilled), or complete on the spot (immediate items). Every problem shows live beside
 * its field or material; the save button stays disabled while there is one.
 */
import { CalendarOutlined, CheckCircleFilled, ExclamationCircleFilled, MinusCircleOutlined, PlusOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Input, Radio, Tag, Typography } from 'antd';
import type { DecisionKind } from '../../../src-shared/domain/case';
import { materialSatisfied } from '../../../src-shared/domain/case';
import type { WorkingCalendar } from '../../../src-shared/domain/calendar';
import { useT } from '../../app/i18n';
import type { MessageKey } from '../../app/i18n/zh-CN';
import { stepIndex, stepOfField, type IntakeCheck, type Problem } from './commit';
import { Field } from './Field';
import { type IntakeData } from './model';
import { wordMsg } from './words';

const KINDS: { kind: DecisionKind; label: MessageKey; help: MessageKey }[] = [
  { kind: 'accept', label: 'intake.decision.accept', help: 'intake.decision.acceptHelp' },
  { kind: 'accept-with-gap', label: 'intake.decision.gap', help: 'intake.decision.gapHelp' },
  { kind: 'supplement', label: 'intake.decision.supplement', help: 'intake.decision.supplementHelp' },
  { kind: 'refuse', label: 'intake.decision.refuse', help: 'intake.decision.refuseHelp' },
  { kind: 'complete', label: 'intake.decision.complete', help: 'intake.decision.completeHelp' },
];

function ProblemLines({ problems, testId }: { problems: Problem[]; testId?: string }) {
  const t = useT();
  if (problems.length === 0) return null;
  return (
    <div data-testid={testId}>
      {problems.map((p, i) => (
        <div key={i} className="yc-field-error" role="alert" data-testid="field-error" data-field={p.field} data-rule={p.rule}>
          {wordMsg(t, p.message)}
        </div>
      ))}
    </div>
  );
}

export function DecisionStep({
  data,
  patch,
  check,
  calendar,
  today,
  onGoto,
  disabled,
}: {
  data: IntakeData;
  patch: (recipe: (d: IntakeData) => void) => void;
  check: IntakeCheck;
  calendar: WorkingCalendar;
  today: string;
  onGoto: (step: number, field?: string) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const item = data.item;
  if (!item) return null;
  const kind = check.kind;
  const immediate = item.caseType === '1';
  const missing = check.materials.filter((m) => m.required && !materialSatisfied(m));
  const problemsAt = (prefix: string) => check.problems.filter((p) => p.field === prefix || p.field.startsWith(prefix + '.'));
  const d = data.decision;

  const choose = (k: DecisionKind) =>
    patch((x) => {
      x.decision.kind = k;
      if (k === 'accept-with-gap') {
        if (x.decision.gapMaterialIds.length === 0) x.decision.gapMaterialIds = missing.filter((m) => m.tolerable).map((m) => m.materialId);
        if (!x.decision.commitmentDeadline) {
          try {
            x.decision.commitmentDeadline = calendar.addWorkingDays(today, 5);
          } catch {
            /* no calendar for that year: the clerk picks the date */
          }
        }
      }
    });

  const disabledKind = (k: DecisionKind) => (k === 'complete' && !immediate) || (k === 'accept-with-gap' && immediate);

  const due = check.due;
  const dueBox =
    due.kind === 'none' ? null : (
      <div
        data-testid="due-date"
        data-date={due.kind === 'date' ? due.date : ''}
        data-pending={due.kind === 'pending' ? due.year : undefined}
        style={{ display: 'flex', alignItems: 'center', gap: 8, padding: '8px 12px', background: due.kind === 'pending' ? '#fffbe6' : '#f0f7ff', border: `1px solid ${due.kind === 'pending' ? '#ffe58f' : '#cfe1fb'}`, borderRadius: 4 }}
      >
        <CalendarOutlined />
        {due.kind === 'date'
          ? due.workingDays === 0
            ? t('intake.due.today', { date: due.date })
            : t('intake.due.date', { date: due.date, n: due.workingDays, from: today })
          : t('intake.due.pending', { year: due.year })}
      </div>
    );

  const otherStepProblems = check.problems.filter((p) => stepOfField(p.field) !== 'decision' || p.field === 'window' || p.field === 'item');

  return (
    <div data-testid="intake-step-decision" data-kind={kind}>
      <div className="yc-intake-card">
        <div className="yc-intake-card-title">{t('intake.decision.title')}</div>
        <Radio.Group
          data-testid="decision-kind"
          value={kind}
          disabled={disabled}
          onChange={(e) => choose(e.target.value as DecisionKind)}
          style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(210px, 1fr))', gap: 8 }}
        >
          {KINDS.map((k) => (
            <Radio
              key={k.kind}
              value={k.kind}
              disabled={disabledKind(k.kind)}
              data-autofocus={k.kind === kind ? true : undefined}
              style={{ border: `1px solid ${k.kind === kind ? '#1f5fbf' : '#e5e8ef'}`, borderRadius: 4, padding: '6px 10px', margin: 0, background: k.kind === kind ? '#f0f7ff' : '#fff' }}
            >
              <div style={{ fontWeight: 600 }}>{t(k.label)}</div>
              <div className="yc-muted" style={{ fontSize: 12, lineHeight: 1.4 }}>
                {t(k.help)}
              </div>
            </Radio>
          ))}
        </Radio.Group>
        <ProblemLines problems={problemsAt('decision')} />
      </div>

      <div className="yc-intake-card">
        {kind === 'accept' || kind === 'complete' ? (
          <>
            <div className="yc-intake-card-title">{t(kind === 'accept' ? 'intake.decision.accept' : 'intake.decision.complete')}</div>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t(kind === 'accept' ? 'intake.decision.acceptBody' : 'intake.decision.completeBody')}
            </Typography.Paragraph>
            {dueBox}
          </>
        ) : kind === 'accept-with-gap' ? (
          <>
            <div className="yc-intake-card-title">{t('intake.decision.gap')}</div>
            <Field label={t('intake.gap.materials')} required field="gapMaterialIds" error={null}>
              {missing.length === 0 ? (
                <Typography.Text type="secondary">{t('intake.gap.noneMissing')}</Typography.Text>
              ) : (
                <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
                  {missing.map((m) => (
                    <Checkbox
                      key={m.materialId}
                      data-testid="gap-material"
                      data-material-id={m.materialId}
                      checked={d.gapMaterialIds.includes(m.materialId)}
                      disabled={disabled || (!m.tolerable && !d.gapMaterialIds.includes(m.materialId))}
                      onChange={(e) =>
                        patch((x) => {
                          const set = new Set(x.decision.gapMaterialIds);
                          if (e.target.checked) set.add(m.materialId);
                          else set.delete(m.materialId);
                          x.decision.gapMaterialIds = [...set];
                        })
                      }
                    >
                      {m.name}
                      {!m.tolerable && (
                        <Tag color="red" style={{ marginInlineStart: 8 }}>
                          {t('intake.gap.key')}
                        </Tag>
                      )}
                    </Checkbox>
                  ))}
                </div>
              )}
              <ProblemLines problems={problemsAt('gapMaterialIds')} />
            </Field>
            <div style={{ display: 'flex', gap: 16, alignItems: 'flex-start', marginTop: 12, flexWrap: 'wrap' }}>
              <Field label={t('intake.gap.deadline')} required field="commitmentDeadline" style={{ width: 220 }}>
                <Input
                  type="date"
                  data-testid="commitment-deadline"
                  value={d.commitmentDeadline}
                  min={today}
                  disabled={disabled}
                  status={problemsAt('commitmentDeadline').length ? 'error' : undefined}
                  onChange={(e) =>
                    patch((x) => {
                      x.decision.commitmentDeadline = e.target.value;
                    })
                  }
                />
                <ProblemLines problems={problemsAt('commitmentDeadline')} />
              </Field>
              <Field label={t('intake.gap.commitment')} required field="commitmentSigned">
                <Checkbox
                  data-testid="commitment-signed"
                  checked={d.commitmentSigned}
                  disabled={disabled}
                  onChange={(e) =>
                    patch((x) => {
                      x.decision.commitmentSigned = e.target.checked;
                    })
                  }
                >
                  {t('intake.gap.signed')}
                </Checkbox>
                <ProblemLines problems={problemsAt('commitmentSigned')} />
              </Field>
            </div>
            <div style={{ marginTop: 12 }}>{dueBox}</div>
          </>
        ) : kind === 'refuse' ? (
          <>
            <div className="yc-intake-card-title">{t('intake.decision.refuse')}</div>
            <Field label={t('intake.refuse.reason')} required field="reason" hint={t('intake.refuse.hint')}>
              <Input.TextArea
                data-testid="decision-reason"
                data-autofocus
                value={d.reason}
                maxLength={1000}
                showCount
                disabled={disabled}
                autoSize={{ minRows: 3, maxRows: 8 }}
                status={problemsAt('reason').length ? 'error' : undefined}
                onChange={(e) =>
                  patch((x) => {
                    x.decision.reason = e.target.value;
                  })
                }
              />
              <ProblemLines problems={problemsAt('reason')} />
            </Field>
          </>
        ) : (
          <>
            <div className="yc-intake-card-title">
              {t('intake.decision.supplement')}
              <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }}>
                {t('intake.supplement.onceHint')}
              </Typography.Text>
            </div>
            <div style={{ display: 'flex', flexDirection: 'column', gap: 8 }} data-testid="deficiency-list">
              {d.deficiencies.map((row, i) => (
                <div key={row.id} className="yc-deficiency" data-testid="deficiency-row" data-material-id={row.materialId ?? ''}>
                  <span className="yc-muted" style={{ width: 22, textAlign: 'right', paddingTop: 5 }}>
                    {i + 1}.
                  </span>
                  <div style={{ flex: 1 }}>
                    <Input.TextArea
                      data-testid="deficiency-text"
                      value={row.text}
                      maxLength={500}
                      disabled={disabled}
                      autoSize={{ minRows: 1, maxRows: 4 }}
                      data-autofocus={i === 0 ? true : undefined}
                      status={problemsAt(`deficiencies.${i}`).length ? 'error' : undefined}
                      onChange={(e) =>
                        patch((x) => {
                          const r = x.decision.deficiencies.find((y) => y.id === row.id);
                          if (r) r.text = e.target.value;
                        })
                      }
                    />
                    <ProblemLines problems={problemsAt(`deficiencies.${i}`)} />
                  </div>
                  {row.materialId ? (
                    <Tag style={{ marginTop: 4 }}>{t('intake.supplement.fromMaterial')}</Tag>
                  ) : (
                    <Button
                      size="small"
                      type="text"
                      danger
                      icon={<DeleteOutlined />}
                      aria-label={t('intake.supplement.remove')}
                      data-testid="deficiency-remove"
                      disabled={disabled}
                      onClick={() =>
                        patch((x) => {
                          x.decision.deficiencies = x.decision.deficiencies.filter((y) => y.id !== row.id);
                        })
                      }
                    />
                  )}
                </div>
              ))}
              <div>
                <Button
                  size="small"
                  icon={<PlusOutlined />}
                  data-testid="deficiency-add"
                  disabled={disabled}
                  onClick={() =>
                    patch((x) => {
                      x.decision.deficiencies.push({ id: `x:${crypto.randomUUID()}`, text: '' });
                    })
                  }
                >
                  {t('intake.supplement.add')}
                </Button>
              </div>
              <ProblemLines problems={check.problems.filter((p) => p.field === 'deficiencies')} />
            </div>
          </>
        )}
      </div>

      <div className="yc-intake-card" data-testid="decision-materials">
        <div className="yc-intake-card-title">{t('intake.mat.title')}</div>
        {check.materials.length === 0 && <Typography.Text type="secondary">{t('guide.materialsNone')}</Typography.Text>}
        {check.materials.map((m) => {
          const ok = materialSatisfied(m);
          const isMissing = m.required && !ok;
          return (
            <div key={m.materialId} data-testid="decision-material" data-material-id={m.materialId} data-missing={isMissing} style={{ display: 'flex', gap: 8, padding: '4px 0', alignItems: 'flex-start' }}>
              <span style={{ paddingTop: 1 }}>
                {ok ? <CheckCircleFilled style={{ color: '#2e8b57' }} /> : isMissing ? <ExclamationCircleFilled style={{ color: '#d48806' }} /> : <MinusCircleOutlined style={{ color: '#9aa3b2' }} />}
              </span>
              <div style={{ flex: 1 }}>
                <span>{m.name}</span>
                {m.tolerable && isMissing && (
                  <Tag color="gold" style={{ marginInlineStart: 8 }}>
                    {t('guide.mat.tolerable')}
                  </Tag>
                )}
                <ProblemLines problems={problemsAt(`materials.${m.materialId}`)} />
              </div>
            </div>
          );
        })}
      </div>

      <div className="yc-intake-card" data-testid="decision-problems" data-count={check.problems.length}>
        {check.problems.length === 0 ? (
          <Alert type="success" showIcon title={t('intake.problems.none')} />
        ) : (
          <Alert
            type="error"
            showIcon
            title={t('intake.problems.title', { n: check.problems.length })}
            description={
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {check.problems.map((p, i) => {
                  const step = stepIndex(stepOfField(p.field));
                  return (
                    <li key={i} data-testid="decision-problem" data-field={p.field} data-rule={p.rule}>
                      {wordMsg(t, p.message)}
                      {otherStepProblems.includes(p) && step < 3 && (
                        <a className="yc-problem-link" role="button" tabIndex={0} onClick={() => onGoto(step, p.field)} onKeyDown={(e) => e.key === 'Enter' && onGoto(step, p.field)}>
                          {t('intake.problems.fix')}
                        </a>
                      )}
                    </li>
                  );
                })}
              </ul>
            }
          />
        )}
      </div>
    </div>
  );
}
