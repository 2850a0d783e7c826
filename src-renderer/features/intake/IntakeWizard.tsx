/**
 * One intake, four steps on one page (事项 → 申请人 → 表单与材料 → 决定), keyboard first.
 * The whole intake autosaves as a draft (debounced, at once on a step change and on
 * Ctrl+S); scans are stored the moment they are attached; the decision is saved with its
 * document in one transaction (./save.ts).
 */
import { LeftOutlined, QuestionCircleOutlined, RightOutlined, SaveOutlined } from '@ant-design/icons';
import { createNextState } from '@reduxjs/toolkit';
import { Alert, App as AntApp, Button, Popover, Spin, Steps, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { BlobRef } from '../../../src-shared/domain/case';
import { useAppSelector } from '../../app/hooks';
import { formatDateTime, useLocale, useT } from '../../app/i18n';
import { useServices } from '../../app/services';
import { useWorkingCalendar } from '../../app/useWorkingCalendar';
import { IntakeRuleError, StorageFullError } from '../../db/casesRepository';
import type { ApplicantRow } from '../../db/casesSchema';
import type { CachedCatalogItem } from '../../db/catalogSearch';
import { ApplicantStep, type IdCardState, type IdCardTarget } from './ApplicantStep';
import { checkIntake, normalise, type IntakeContext, type Problem, type WindowInfo } from './commit';
import { DecisionStep } from './DecisionStep';
import { INTAKE_CSS } from './Field';
import { ItemBar, ItemStep } from './ItemStep';
import { MaterialsStep } from './MaterialsStep';
import {
  applicantName,
  heldShas,
  LAST_STEP,
  localIsoDate,
  STEPS,
  withItem,
  type IntakeData,
  type Msg,
  type StepKey,
} from './model';
import { DocumentRenderError, saveIntake } from './save';
import { INTAKE_SHORTCUTS, intakeShortcutFor } from './shortcuts';
import { checkApplicant, checkForm } from './validation';
import { wordMsg } from './words';

export const AUTOSAVE_MS = 400;

const STEP_LABEL = {
  item: 'intake.step.item',
  applicant: 'intake.step.applicant',
  materials: 'intake.step.materials',
  decision: 'intake.step.decision',
} as const;

export function draftTitle(d: IntakeData, noApplicant: string): string {
  return `${d.item?.name ?? ''} · ${applicantName(d) || noApplicant}`;
}

const FOCUSABLE = 'input:not([type=hidden]):not([disabled]), textarea:not([disabled]), button:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** Focus the step's first field: the element marked data-autofocus, else the first focusable one. */
function focusStep(panel: HTMLElement | null) {
  if (!panel) return;
  const marked = panel.querySelector<HTMLElement>('[data-autofocus]');
  const target = marked ? (marked.matches(FOCUSABLE) ? marked : marked.querySelector<HTMLElement>(FOCUSABLE)) : panel.querySelector<HTMLElement>(FOCUSABLE);
  target?.focus();
}

export function ShortcutsTable() {
  const t = useT();
  return (
    <table style={{ borderCollapse: 'collapse', fontSize: 13 }} data-testid="intake-shortcuts-help">
      <tbody>
        {INTAKE_SHORTCUTS.map(([k, v]) => (
          <tr key={k}>
            <td style={{ padding: '3px 16px 3px 0', whiteSpace: 'nowrap' }}>
              <kbd className="yc-kbd">{k}</kbd>
            </td>
            <td style={{ padding: '3px 0' }}>{t(v)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function HelpButton() {
  const t = useT();
  return (
    <Popover title={t('intake.keys.title')} content={<ShortcutsTable />} placement="bottomRight" trigger={['hover', 'click']}>
      <Button size="small" icon={<QuestionCircleOutlined />} data-testid="intake-shortcuts-button">
        {t('intake.keys.button')}
      </Button>
    </Popover>
  );
}

interface SaveError {
  kind: 'render' | 'rule' | 'other';
  message: string;
  problems?: Problem[];
}

export function IntakeWizard({
  initial,
  initialStep,
  savedAt,
  onSaved,
}: {
  initial: IntakeData;
  initialStep: number;
  /** When the draft was last saved (resuming). */
  savedAt?: string;
  onSaved: (caseId: string) => void;
}) {
  const t = useT();
  const locale = useLocale();
  const services = useServices();
  const { modal, message } = AntApp.useApp();
  const settings = useAppSelector((s) => s.session.settings);
  const loggedIn = useAppSelector((s) => (s.session.login?.mode === 'logged-in' ? s.session.login.clerk : null));
  const windowId = settings?.windowId ?? '';
  const clerkId = settings?.clerkId ?? '';
  const win = useLiveQuery(() => services.windows.get(windowId), [services, windowId]);
  // Bundled years plus the years the center published (kept for offline use).
  const calendar = useWorkingCalendar();

  const [data, setDataState] = useState<IntakeData>(() => normalise(initial));
  const dataRef = useRef(data);
  const [step, setStepState] = useState(initialStep);
  const stepRef = useRef(step);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [shown, setShown] = useState<ReadonlySet<StepKey>>(new Set());
  const [idcard, setIdcard] = useState<IdCardState>({ reading: null, error: null });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<SaveError | null>(null);
  const [draftState, setDraftState] = useState<{ savedAt: string | null; error: string | null }>({ savedAt: savedAt ?? null, error: null });
  const [today] = useState(() => localIsoDate());
  const panelRef = useRef<HTMLDivElement>(null);

  // ---- state and drafts ----
  const timer = useRef<number | null>(null);
  const inflight = useRef<Promise<void>>(Promise.resolve());
  const locked = useRef(false);
  const numberRef = useRef<{ date: string; caseNumber: string } | null>(null);

  const persist = useCallback((): Promise<void> => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    if (locked.current) return inflight.current;
    const d = dataRef.current;
    const s = stepRef.current;
    const title = draftTitle(d, t('intake.draft.noApplicant'));
    inflight.current = inflight.current
      .catch(() => undefined)
      .then(() => services.drafts.save({ id: d.id, step: s, data: d, title }))
      .then(
        (row) => setDraftState({ savedAt: row.updatedAt, error: null }),
        (e: unknown) => setDraftState((x) => ({ ...x, error: (e as Error)?.message ?? String(e) })),
      );
    return inflight.current;
  }, [services, t]);

  const schedule = useCallback(() => {
    if (locked.current) return;
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => void persist(), AUTOSAVE_MS);
  }, [persist]);

  const setData = useCallback(
    (next: IntakeData) => {
      dataRef.current = next;
      setDataState(next);
      schedule();
    },
    [schedule],
  );

  const patch = useCallback((recipe: (d: IntakeData) => void) => setData(normalise(createNextState(dataRef.current, recipe))), [setData]);

  const setStep = useCallback(
    (s: number) => {
      const n = Math.max(0, Math.min(LAST_STEP, s));
      if (n === stepRef.current) return;
      stepRef.current = n;
      setStepState(n);
      void persist();
    },
    [persist],
  );

  // Flush a pending autosave when the page is hidden or the screen goes away.
  useEffect(() => {
    const onHide = () => {
      if (timer.current !== null) void persist();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('pagehide', onHide);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onHide);
      onHide();
    };
  }, [persist]);

  // Autofocus the first field of each step.
  useEffect(() => {
    const id = window.setTimeout(() => {
      if (panelRef.current && !panelRef.current.contains(document.activeElement)) focusStep(panelRef.current);
    }, 0);
    return () => window.clearTimeout(id);
  }, [step]);

  const touch = useCallback((field: string) => setTouched((s) => (s.has(field) ? s : new Set(s).add(field))), []);

  // ---- checks ----
  const applicantCheck = useMemo(() => checkApplicant(data, today), [data, today]);
  const formCheck = useMemo(() => (data.item ? checkForm(data.item.formFields, data.form) : { errors: {}, values: {} }), [data]);
  const windowInfo: WindowInfo | null = useMemo(() => (win ? { id: win.id, name: win.name, regionCode: win.regionCode, centerName: win.centerName, ...(win.address ? { address: win.address } : {}) } : null), [win]);
  // The name on the clerk's certificate when logged in (it signs the document), else the window roster's.
  const clerkName = (loggedIn?.clerkId === clerkId ? loggedIn.name : undefined) ?? win?.clerks.find((c) => c.id === clerkId)?.name ?? clerkId;
  const ctx: IntakeContext = useMemo(
    () => ({ now: new Date(`${today}T12:00:00`).toISOString(), today, windowId, clerkId, window: windowInfo, calendar }),
    [today, windowId, clerkId, windowInfo, calendar],
  );
  const check = useMemo(() => checkIntake(data, ctx), [data, ctx]);

  const err = useCallback(
    (field: string): Msg | null => {
      const e = field.startsWith('form.') ? formCheck.errors[field] : applicantCheck.errors[field];
      if (!e) return null;
      const stepKey: StepKey = field.startsWith('form.') ? 'materials' : 'applicant';
      return touched.has(field) || shown.has(stepKey) ? e : null;
    },
    [applicantCheck, formCheck, touched, shown],
  );

  // ---- actions ----
  const pickItem = useCallback(
    (item: CachedCatalogItem) => {
      void services.catalog.state().then((st) => {
        setData(normalise(withItem(dataRef.current, item, st.version)));
        setStep(1);
      });
    },
    [services, setData, setStep],
  );

  const focusFirstError = (fields: string[]) => {
    window.setTimeout(() => {
      for (const f of fields) {
        const box = panelRef.current?.querySelector<HTMLElement>(`[data-field-box="${f}"]`);
        const el = box?.querySelector<HTMLElement>(FOCUSABLE);
        if (el) {
          el.focus();
          return;
        }
      }
    }, 0);
  };

  const next = () => {
    const key = STEPS[stepRef.current]!;
    if (key === 'item' && !dataRef.current.item) return;
    if (key === 'applicant') {
      const errs = Object.keys(checkApplicant(dataRef.current, today).errors);
      if (errs.length) {
        setShown((s) => new Set(s).add('applicant'));
        focusFirstError(errs);
        return;
      }
    }
    if (key === 'materials') setShown((s) => new Set(s).add('materials'));
    setStep(stepRef.current + 1);
  };
  const back = () => setStep(stepRef.current - 1);

  const gotoField = (s: number, field?: string) => {
    const k = STEPS[s];
    if (k === 'applicant' || k === 'materials') setShown((x) => new Set(x).add(k));
    setStep(s);
    if (field) {
      const f = field.replace(/^applicant\./, '');
      window.setTimeout(() => focusFirstError([f]), 30);
    }
  };

  const readIdCard = useCallback(
    async (target: IdCardTarget) => {
      setIdcard({ reading: target, error: null });
      try {
        const r = await services.clerk['idcard:read']({});
        const fields: string[] = [];
        patch((d) => {
          if (target === 'agent') {
            d.agent.enabled = true;
            d.agent.documentType = '111';
            d.agent.documentNumber = r.idNumber;
            d.agent.name = r.name;
            fields.push('agent.documentNumber', 'agent.name');
          } else if (target === 'legal' || d.applicantKind === 'organisation') {
            d.org.legalName = r.name;
            d.org.legalDocType = '111';
            d.org.legalDocNumber = r.idNumber;
            fields.push('org.legalName', 'org.legalDocNumber');
          } else {
            d.person.documentType = '111';
            d.person.documentNumber = r.idNumber;
            d.person.name = r.name;
            if (!d.person.address.trim()) d.person.address = r.address;
            fields.push('person.documentNumber', 'person.name', 'person.address');
          }
        });
        setTouched((s) => new Set([...s, ...fields]));
        setIdcard({ reading: null, error: null });
        message.success(t('intake.idcard.done', { name: r.name }));
      } catch (e) {
        setIdcard({ reading: null, error: { target, message: (e as Error)?.message ?? String(e) } });
      }
    },
    [services, patch, message, t],
  );

  const pickReturning = useCallback(
    (row: ApplicantRow) => {
      const a = row.applicant;
      const kinds = dataRef.current.item?.applicantKinds ?? ['person', 'organisation'];
      if (!kinds.includes(a.kind)) return;
      patch((d) => {
        d.applicantKind = a.kind;
        if (a.kind === 'person') {
          d.person = { documentType: a.documentType, documentNumber: a.documentNumber, name: a.name, phone: a.phone ?? '', address: a.address ?? '' };
        } else {
          d.org = {
            creditCode: a.creditCode,
            name: a.name,
            legalName: a.legalRepresentative.name,
            legalDocType: a.legalRepresentative.documentType,
            legalDocNumber: a.legalRepresentative.documentNumber,
            phone: a.phone ?? '',
            address: a.address ?? '',
            override: null,
            overrideFor: null,
          };
        }
      });
      const fields = a.kind === 'person' ? ['person.documentNumber', 'person.name', 'person.phone'] : ['org.creditCode', 'org.name', 'org.legalName', 'org.legalDocNumber'];
      setTouched((s) => new Set([...s, ...fields]));
      message.info(t('intake.applicant.prefilled', { name: a.name }));
    },
    [patch, message, t],
  );

  /** A scan was added or removed: record it, save the draft at once, then drop the blob it replaced. */
  const onScanChange = useCallback(
    async (apply: (d: IntakeData, next: BlobRef | null) => void, nextRef: BlobRef | null, previous: BlobRef | null) => {
      const after = normalise(createNextState(dataRef.current, (d) => apply(d, nextRef)));
      dataRef.current = after;
      setDataState(after);
      await persist();
      if (previous && !heldShas(dataRef.current).has(previous.sha256)) await services.drafts.removeBlob(after.id, previous.sha256).catch(() => undefined);
    },
    [persist, services],
  );

  const save = useCallback(async () => {
    if (locked.current || !windowInfo) {
      if (!windowInfo) setStep(3);
      return;
    }
    const now = new Date().toISOString();
    const nowCtx: IntakeContext = { ...ctx, now, today: localIsoDate(now) };
    const c = checkIntake(dataRef.current, nowCtx);
    if (c.problems.length || !c.commit) {
      setStep(3);
      return;
    }
    setSaving(true);
    setSaveError(null);
    locked.current = true;
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
    }
    await inflight.current.catch(() => undefined);
    try {
      const reuse = numberRef.current && numberRef.current.date === nowCtx.today ? numberRef.current.caseNumber : undefined;
      const r = await saveIntake({ cases: services.cases, drafts: services.drafts, clerk: services.clerk }, c.commit, {
        draftId: dataRef.current.id,
        window: windowInfo,
        clerkName,
        now,
        ...(reuse ? { caseNumber: reuse } : {}),
        onNumber: (n) => (numberRef.current = { date: nowCtx.today, caseNumber: n }),
      });
      numberRef.current = null;
      onSaved(r.row.id);
    } catch (e) {
      locked.current = false;
      void persist();
      if (e instanceof StorageFullError) {
        modal.error({ title: t('intake.save.storageFull'), content: <span data-testid="storage-full">{e.message}</span>, okText: t('intake.save.ok') });
        setSaveError({ kind: 'other', message: e.message });
      } else if (e instanceof IntakeRuleError) {
        setSaveError({ kind: 'rule', message: e.message, problems: e.problems.map((p) => ({ field: p.field, rule: p.rule, message: { text: p.message } })) });
      } else if (e instanceof DocumentRenderError) {
        setSaveError({ kind: 'render', message: e.detail });
      } else {
        setSaveError({ kind: 'other', message: (e as Error)?.message ?? String(e) });
      }
    } finally {
      setSaving(false);
    }
  }, [ctx, windowInfo, clerkName, services, onSaved, persist, modal, t, setStep]);

  // ---- keyboard ----
  const keyRef = useRef<(e: KeyboardEvent) => void>(() => undefined);
  useEffect(() => {
    keyRef.current = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const action = intakeShortcutFor(e);
      if (!action) return;
      // Dialogs (supervisor override, camera, preview) keep their own keys.
      if ((e.target as HTMLElement | null)?.closest?.('.ant-modal-wrap, .ant-drawer')) return;
      e.preventDefault();
      if (saving) return;
      switch (action) {
        case 'next':
          if (stepRef.current < LAST_STEP) next();
          break;
        case 'back':
          back();
          break;
        case 'save':
          if (stepRef.current !== LAST_STEP) setStep(LAST_STEP);
          else void save();
          break;
        case 'idcard': {
          const key = STEPS[stepRef.current];
          if (key !== 'applicant') {
            setStep(1);
          }
          const inAgent = (document.activeElement as HTMLElement | null)?.closest?.('[data-idcard-target="agent"]');
          const target: IdCardTarget = inAgent && dataRef.current.agent.enabled ? 'agent' : dataRef.current.applicantKind === 'person' ? 'person' : 'legal';
          void readIdCard(target);
          break;
        }
        case 'draft':
          void persist().then(() => message.success(t('intake.draft.saved')));
          break;
      }
    };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => keyRef.current(e);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  // ---- render ----
  const key = STEPS[step]!;
  const stepStatus = (k: StepKey, i: number): 'wait' | 'process' | 'finish' | 'error' => {
    if (i === step) return 'process';
    if (k === 'item') return data.item ? 'finish' : 'wait';
    if (k === 'applicant') return shown.has('applicant') && Object.keys(applicantCheck.errors).length ? 'error' : i < step ? 'finish' : 'wait';
    if (k === 'materials') return shown.has('materials') && Object.keys(formCheck.errors).length ? 'error' : i < step ? 'finish' : 'wait';
    return 'wait';
  };

  const problemsCount = check.problems.length;
  const disabled = saving;

  return (
    <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 10 }} data-testid="intake-wizard" data-draft-id={data.id} data-step={key}>
      <style>{INTAKE_CSS}</style>
      <div style={{ display: 'flex', alignItems: 'center', gap: 16 }}>
        <Steps
          size="small"
          current={step}
          onChange={(i) => {
            if (i === 0 || data.item) setStep(i);
          }}
          style={{ flex: 1 }}
          items={STEPS.map((k, i) => ({
            title: <span data-testid={`intake-steps-${k}`}>{t(STEP_LABEL[k])}</span>,
            status: stepStatus(k, i),
            disabled: i > 0 && !data.item,
          }))}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'nowrap' }} data-testid="draft-status" data-saved-at={draftState.savedAt ?? ''}>
          {draftState.error
            ? t('intake.draft.saveFailed', { error: draftState.error })
            : draftState.savedAt
              ? t('intake.draft.savedAt', { time: formatDateTime(draftState.savedAt, locale) })
              : t('intake.draft.notYet')}
        </Typography.Text>
        <HelpButton />
      </div>

      {data.item && key !== 'item' && <ItemBar item={data.item} />}

      {!windowInfo && win !== undefined && <Alert type="warning" showIcon data-testid="intake-no-window" title={t('intake.err.noWindow', { id: windowId })} />}

      <div
        ref={panelRef}
        style={{ flex: 1, minHeight: 0, overflow: key === 'item' && !data.item ? 'hidden' : 'auto', display: 'flex', flexDirection: 'column', position: 'relative' }}
        aria-busy={saving}
      >
        {key === 'item' && <ItemStep item={data.item} onPick={pickItem} />}
        {key === 'applicant' && (
          <ApplicantStep
            data={data}
            patch={patch}
            err={err}
            touch={touch}
            creditCode={applicantCheck.creditCode}
            idcard={idcard}
            onReadIdCard={(tg) => void readIdCard(tg)}
            onPickReturning={pickReturning}
            onScanChange={onScanChange}
            disabled={disabled}
          />
        )}
        {key === 'materials' && <MaterialsStep data={data} patch={patch} err={err} touch={touch} onScanChange={onScanChange} disabled={disabled} />}
        {key === 'decision' && <DecisionStep data={data} patch={patch} check={check} calendar={calendar} today={today} onGoto={gotoField} disabled={disabled} />}
        {saving && (
          <div style={{ position: 'absolute', inset: 0, background: 'rgba(255,255,255,0.6)', display: 'flex', alignItems: 'center', justifyContent: 'center', zIndex: 10 }} data-testid="intake-saving">
            <Spin size="large" tip={t('intake.save.saving')}>
              <div style={{ width: 160 }} />
            </Spin>
          </div>
        )}
      </div>

      {saveError && (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setSaveError(null)}
          data-testid="intake-save-error"
          data-kind={saveError.kind}
          title={saveError.kind === 'render' ? t('intake.save.renderFailed') : saveError.kind === 'rule' ? t('intake.save.ruleFailed') : t('intake.save.failed')}
          description={
            saveError.problems ? (
              <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                {saveError.problems.map((p, i) => (
                  <li key={i} data-field={p.field}>
                    {wordMsg(t, p.message)}
                  </li>
                ))}
              </ul>
            ) : (
              saveError.message
            )
          }
        />
      )}

      <div style={{ display: 'flex', alignItems: 'center', gap: 10, padding: '8px 0 0', borderTop: '1px solid #e5e8ef' }}>
        <Button icon={<LeftOutlined />} onClick={back} disabled={step === 0 || saving} data-testid="intake-back" aria-keyshortcuts="Alt+B">
          {t('intake.nav.back')} <span className="yc-nav-key">Alt+B</span>
        </Button>
        <div style={{ flex: 1 }} />
        {key === 'decision' ? (
          <>
            <Typography.Text type={problemsCount ? 'danger' : 'secondary'} data-testid="intake-problem-count" data-count={problemsCount}>
              {problemsCount ? t('intake.problems.count', { n: problemsCount }) : t('intake.problems.ready')}
            </Typography.Text>
            <Button
              type="primary"
              size="large"
              icon={<SaveOutlined />}
              disabled={problemsCount > 0 || saving || !windowInfo}
              loading={saving}
              onClick={() => void save()}
              data-testid="intake-save"
              aria-keyshortcuts="Control+Enter"
            >
              {t(`intake.save.button.${check.kind}`)} <span className="yc-nav-key" style={{ color: 'inherit', opacity: 0.8 }}>Ctrl+Enter</span>
            </Button>
          </>
        ) : (
          <Button type="primary" onClick={next} disabled={(key === 'item' && !data.item) || saving} data-testid="intake-next" aria-keyshortcuts="Alt+N">
            {t('intake.nav.next')} <RightOutlined /> <span className="yc-nav-key" style={{ color: 'inherit', opacity: 0.8 }}>Alt+N</span>
          </Button>
        )}
      </div>
    </div>
  );
}

