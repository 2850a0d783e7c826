/**
 * Step 2: the applicant (a person, or an organisation with its legal representative) and
 * an optional agent with a power of attorney. Checked on blur and on "next" with the
 * validators of src-shared; returning applicants are suggested as the clerk types; the
 * counter's ID card reader fills a person in (F2).
 */
import { IdcardOutlined, SafetyCertificateOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Input, Radio, Select, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useState, type ReactNode } from 'react';
import type { BlobRef } from '../../../src-shared/domain/case';
import type { CreditCodeResult, SupervisorOverride } from '../../../src-shared/domain/identifiers/credit-code';
import { DOCUMENT_TYPES, type DocumentTypeCode } from '../../../src-shared/domain/identifiers/document-types';
import { useT } from '../../app/i18n';
import type { ApplicantRow } from '../../db/casesSchema';
import { Field } from './Field';
import type { ApplicantKind, IntakeData, Msg } from './model';
import { OverrideModal } from './OverrideModal';
import { ScanControls, useDropTarget, useScanSlot } from './ScanSlot';
import { SuggestInput } from './SuggestInput';
import { useApplicantVerification } from '../verification/useApplicantVerification';
import { ApplicantVerificationLine } from '../verification/VerificationStatus';

export type IdCardTarget = 'person' | 'legal' | 'agent';

export interface IdCardState {
  reading: IdCardTarget | null;
  error: { target: IdCardTarget; message: string } | null;
}

const DOC_OPTIONS = (Object.keys(DOCUMENT_TYPES) as DocumentTypeCode[]).map((code) => ({ value: code, label: `${DOCUMENT_TYPES[code]} (${code})` }));

function DocTypeSelect({ value, onChange, testId }: { value: DocumentTypeCode; onChange: (v: DocumentTypeCode) => void; testId: string }) {
  return (
    <Select<DocumentTypeCode>
      data-testid={testId}
      value={value}
      onChange={onChange}
      options={DOC_OPTIONS}
      showSearch={{ optionFilterProp: 'label' }}
      popupMatchSelectWidth={false}
    />
  );
}

function SuggestionLine({ row }: { row: ApplicantRow }) {
  const a = row.applicant;
  const number = a.kind === 'person' ? a.documentNumber : a.creditCode;
  return (
    <>
      <span>
        <strong>{a.name}</strong>
        <span className="yc-code yc-muted" style={{ marginInlineStart: 8 }}>
          {number}
        </span>
      </span>
      {a.kind === 'organisation' && <span className="yc-muted" style={{ fontSize: 12 }}>{a.legalRepresentative.name}</span>}
    </>
  );
}

export function ApplicantStep({
  data,
  patch,
  err,
  touch,
  creditCode,
  idcard,
  onReadIdCard,
  onPickReturning,
  onScanChange,
  disabled,
}: {
  data: IntakeData;
  patch: (recipe: (d: IntakeData) => void) => void;
  /** The message to show beside a field now (touched or after "next"). */
  err: (field: string) => Msg | null;
  touch: (field: string) => void;
  creditCode: CreditCodeResult | null;
  idcard: IdCardState;
  onReadIdCard: (target: IdCardTarget) => void;
  onPickReturning: (row: ApplicantRow) => void;
  onScanChange: (apply: (d: IntakeData, next: BlobRef | null) => void, next: BlobRef | null, previous: BlobRef | null) => Promise<void>;
  disabled?: boolean;
}) {
  const t = useT();
  const kinds = data.item?.applicantKinds ?? ['person', 'organisation'];
  const [overrideOpen, setOverrideOpen] = useState(false);
  const verification = useApplicantVerification(data, disabled);
  const p = data.person;
  const o = data.org;
  const a = data.agent;

  const text = (field: string, value: string, set: (d: IntakeData, v: string) => void, testId: string, opts: { autoFocus?: boolean; maxLength?: number; placeholder?: string } = {}) => (
    <Input
      data-testid={testId}
      value={value}
      status={err(field) ? 'error' : undefined}
      maxLength={opts.maxLength ?? 100}
      placeholder={opts.placeholder}
      data-autofocus={opts.autoFocus ? true : undefined}
      autoComplete="off"
      onChange={(e) => patch((d) => set(d, e.target.value))}
      onBlur={() => touch(field)}
    />
  );

  const isOverrideCase = creditCode?.kind === 'override-allowed';
  const overrideActive = isOverrideCase && o.override && o.overrideFor === creditCode.value ? o.override : null;

  const poaSlot = useScanSlot({
    draftId: data.id,
    value: a.powerOfAttorney,
    label: t('intake.agent.poa'),
    onChange: useCallback(
      (next: BlobRef | null, previous: BlobRef | null) =>
        onScanChange(
          (d, n) => {
            d.agent.powerOfAttorney = n;
          },
          next,
          previous,
        ),
      [onScanChange],
    ),
  });
  const poaDrop = useDropTarget((files) => void poaSlot.add(files));

  const readButton = (target: IdCardTarget, testId: string, label: ReactNode) => (
    <Tooltip title={t('intake.idcard.tooltip')}>
      <Button icon={<IdcardOutlined />} loading={idcard.reading === target} onClick={() => onReadIdCard(target)} data-testid={testId} disabled={disabled} aria-keyshortcuts="F2">
        {label}
      </Button>
    </Tooltip>
  );

  return (
    <div data-testid="intake-step-applicant">
      <div className="yc-intake-card" data-idcard-target={data.applicantKind === 'person' ? 'person' : 'legal'}>
        <div className="yc-intake-card-title">
          {t('intake.applicant.title')}
          <Radio.Group
            data-testid="applicant-kind"
            value={data.applicantKind}
            onChange={(e) =>
              patch((d) => {
                d.applicantKind = e.target.value as ApplicantKind;
              })
            }
            style={{ marginInlineStart: 16, fontWeight: 400 }}
            options={kinds.map((k) => ({ value: k, label: t(`applicant.${k}`) }))}
          />
          <div style={{ flex: 1 }} />
          {readButton(data.applicantKind === 'person' ? 'person' : 'legal', 'idcard-read', data.applicantKind === 'person' ? t('intake.idcard.read') : t('intake.idcard.readLegal'))}
        </div>
        {err('applicantKind') && <Alert type="error" showIcon title={t('intake.err.kindNotAllowed')} style={{ marginBottom: 8 }} />}
        {idcard.error && idcard.error.target !== 'agent' && <Alert type="warning" showIcon data-testid="idcard-error" title={idcard.error.message} style={{ marginBottom: 10 }} />}

        {data.applicantKind === 'person' ? (
          <div className="yc-intake-grid" key="person">
            <Field label={t('intake.f.docType')} required field="person.documentType">
              <DocTypeSelect
                testId="applicant-doc-type"
                value={p.documentType}
                onChange={(v) => {
                  patch((d) => {
                    d.person.documentType = v;
                  });
                  if (p.documentNumber) touch('person.documentNumber');
                }}
              />
            </Field>
            <Field label={t('intake.f.docNumber')} required field="person.documentNumber" error={err('person.documentNumber')}>
              <SuggestInput
                testId="applicant-doc-number"
                value={p.documentNumber}
                status={err('person.documentNumber') ? 'error' : undefined}
                maxLength={40}
                autoFocus
                onChange={(v) => patch((d) => void (d.person.documentNumber = v))}
                onBlur={() => touch('person.documentNumber')}
                onPick={onPickReturning}
                filter={(r) => r.applicant.kind === 'person'}
                render={(r) => <SuggestionLine row={r} />}
              />
            </Field>
            <Field label={t('intake.f.name')} required field="person.name" error={err('person.name')}>
              <SuggestInput
                testId="applicant-name"
                value={p.name}
                status={err('person.name') ? 'error' : undefined}
                maxLength={100}
                onChange={(v) => patch((d) => void (d.person.name = v))}
                onBlur={() => touch('person.name')}
                onPick={onPickReturning}
                filter={(r) => r.applicant.kind === 'person'}
                render={(r) => <SuggestionLine row={r} />}
              />
            </Field>
            <Field label={t('intake.f.phone')} field="person.phone" error={err('person.phone')}>
              {text('person.phone', p.phone, (d, v) => void (d.person.phone = v), 'applicant-phone', { maxLength: 20 })}
            </Field>
            <Field label={t('intake.f.address')} field="person.address" error={err('person.address')} style={{ gridColumn: '1 / -1' }}>
              {text('person.address', p.address, (d, v) => void (d.person.address = v), 'applicant-address', { maxLength: 200 })}
            </Field>
          </div>
        ) : (
          <div className="yc-intake-grid" key="org">
            <Field label={t('intake.f.creditCode')} required field="org.creditCode" error={overrideActive ? null : err('org.creditCode')}>
              <SuggestInput
                testId="org-credit-code"
                value={o.creditCode}
                status={!overrideActive && err('org.creditCode') ? 'error' : undefined}
                maxLength={24}
                autoFocus
                onChange={(v) => patch((d) => void (d.org.creditCode = v))}
                onBlur={() => touch('org.creditCode')}
                onPick={onPickReturning}
                filter={(r) => r.applicant.kind === 'organisation'}
                render={(r) => <SuggestionLine row={r} />}
              />
              {isOverrideCase && !overrideActive && (
                <Button size="small" icon={<SafetyCertificateOutlined />} onClick={() => setOverrideOpen(true)} data-testid="override-open" style={{ alignSelf: 'flex-start' }}>
                  {t('intake.override.open')}
                </Button>
              )}
              {overrideActive && (
                <div data-testid="override-active" style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap' }}>
                  <Tag color="orange" icon={<SafetyCertificateOutlined />} style={{ marginInlineEnd: 0 }}>
                    {t('intake.override.active', { name: overrideActive.supervisorName, id: overrideActive.supervisorId })}
                  </Tag>
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {overrideActive.reason}
                  </Typography.Text>
                  <Button
                    size="small"
                    type="link"
                    icon={<UndoOutlined />}
                    data-testid="override-clear"
                    onClick={() =>
                      patch((d) => {
                        d.org.override = null;
                        d.org.overrideFor = null;
                      })
                    }
                  >
                    {t('intake.override.clear')}
                  </Button>
                </div>
              )}
            </Field>
            <Field label={t('intake.f.orgName')} required field="org.name" error={err('org.name')} style={{ gridColumn: 'span 2' }}>
              <SuggestInput
                testId="org-name"
                value={o.name}
                status={err('org.name') ? 'error' : undefined}
                maxLength={100}
                onChange={(v) => patch((d) => void (d.org.name = v))}
                onBlur={() => touch('org.name')}
                onPick={onPickReturning}
                filter={(r) => r.applicant.kind === 'organisation'}
                render={(r) => <SuggestionLine row={r} />}
              />
            </Field>
            <Field label={t('intake.f.legalName')} required field="org.legalName" error={err('org.legalName')}>
              {text('org.legalName', o.legalName, (d, v) => void (d.org.legalName = v), 'org-legal-name')}
            </Field>
            <Field label={t('intake.f.legalDocType')} required field="org.legalDocType">
              <DocTypeSelect
                testId="org-legal-doc-type"
                value={o.legalDocType}
                onChange={(v) => {
                  patch((d) => {
                    d.org.legalDocType = v;
                  });
                  if (o.legalDocNumber) touch('org.legalDocNumber');
                }}
              />
            </Field>
            <Field label={t('intake.f.legalDocNumber')} required field="org.legalDocNumber" error={err('org.legalDocNumber')}>
              {text('org.legalDocNumber', o.legalDocNumber, (d, v) => void (d.org.legalDocNumber = v), 'org-legal-doc-number', { maxLength: 40 })}
            </Field>
            <Field label={t('intake.f.phone')} field="org.phone" error={err('org.phone')}>
              {text('org.phone', o.phone, (d, v) => void (d.org.phone = v), 'org-phone', { maxLength: 20 })}
            </Field>
            <Field label={t('intake.f.address')} field="org.address" error={err('org.address')} style={{ gridColumn: '1 / -1' }}>
              {text('org.address', o.address, (d, v) => void (d.org.address = v), 'org-address', { maxLength: 200 })}
            </Field>
          </div>
        )}
        <ApplicantVerificationLine v={verification} />
      </div>

      <div className="yc-intake-card" data-idcard-target="agent" {...poaDrop.handlers} data-dragover={poaDrop.over}>
        <div className="yc-intake-card-title">
          <Checkbox
            data-testid="agent-enabled"
            checked={a.enabled}
            onChange={(e) =>
              patch((d) => {
                d.agent.enabled = e.target.checked;
              })
            }
          >
            {t('intake.agent.enable')}
          </Checkbox>
          <div style={{ flex: 1 }} />
          {a.enabled && readButton('agent', 'agent-idcard-read', t('intake.idcard.readAgent'))}
        </div>
        {a.enabled ? (
          <>
            {idcard.error?.target === 'agent' && <Alert type="warning" showIcon data-testid="idcard-error" title={idcard.error.message} style={{ marginBottom: 10 }} />}
            <div className="yc-intake-grid">
              <Field label={t('intake.f.docType')} required field="agent.documentType">
                <DocTypeSelect testId="agent-doc-type" value={a.documentType} onChange={(v) => patch((d) => void (d.agent.documentType = v))} />
              </Field>
              <Field label={t('intake.f.docNumber')} required field="agent.documentNumber" error={err('agent.documentNumber')}>
                {text('agent.documentNumber', a.documentNumber, (d, v) => void (d.agent.documentNumber = v), 'agent-doc-number', { maxLength: 40 })}
              </Field>
              <Field label={t('intake.f.name')} required field="agent.name" error={err('agent.name')}>
                {text('agent.name', a.name, (d, v) => void (d.agent.name = v), 'agent-name')}
              </Field>
              <Field label={t('intake.f.phone')} field="agent.phone" error={err('agent.phone')}>
                {text('agent.phone', a.phone, (d, v) => void (d.agent.phone = v), 'agent-phone', { maxLength: 20 })}
              </Field>
              <Field label={t('intake.agent.poa')} required field="agent.powerOfAttorney" error={err('agent.powerOfAttorney')} style={{ gridColumn: '1 / -1' }} hint={t('intake.scan.dropHint')}>
                <ScanControls slot={poaSlot} value={a.powerOfAttorney} draftId={data.id} testPrefix="agent-poa" label={t('intake.agent.poa')} disabled={disabled} />
              </Field>
            </div>
          </>
        ) : (
          <Typography.Text type="secondary">{t('intake.agent.none')}</Typography.Text>
        )}
      </div>

      {creditCode?.kind === 'override-allowed' && (
        <OverrideModal
          open={overrideOpen}
          code={creditCode.value}
          message={creditCode.message}
          onCancel={() => setOverrideOpen(false)}
          afterClose={() => document.querySelector<HTMLElement>('[data-testid="org-name"]')?.focus()}
          onConfirm={(ov: SupervisorOverride) => {
            setOverrideOpen(false);
            patch((d) => {
              d.org.override = ov;
              d.org.overrideFor = creditCode.value;
            });
            touch('org.creditCode');
          }}
        />
      )}
    </div>
  );
}
