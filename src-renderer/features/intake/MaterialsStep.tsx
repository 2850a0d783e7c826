/**
 * Step 3: the item's own form (its schema comes from the catalog) and the materials
 * checklist: originals seen, copies received, scans (file chooser, drag and drop onto
 * the row, document camera), one combined PDF per material.
 */
import { CheckCircleFilled, CheckSquareOutlined, ExclamationCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Button, Checkbox, Input, InputNumber, Select, Tag, Tooltip, Typography } from 'antd';
import { useCallback } from 'react';
import type { FormField, Material } from '../../../src-shared/domain/catalog';
import { materialSatisfied, type BlobRef, type MaterialState } from '../../../src-shared/domain/case';
import { useT } from '../../app/i18n';
import { Field } from './Field';
import { materialStates, type IntakeData, type MaterialFields, type Msg } from './model';
import { ScanControls, useDropTarget, useScanSlot } from './ScanSlot';
import { LicencePicker } from '../verification/LicencePicker';
import { useVerificationQueue } from '../verification/runtime';

export type ScanChange = (apply: (d: IntakeData, next: BlobRef | null) => void, next: BlobRef | null, previous: BlobRef | null) => Promise<void>;

function FormFieldInput({ f, value, onChange, onBlur, error, autoFocus }: { f: FormField; value: string; onChange: (v: string) => void; onBlur: () => void; error: boolean; autoFocus: boolean }) {
  const common = {
    'data-testid': 'form-field',
    'data-key': f.key,
    'data-autofocus': autoFocus ? true : undefined,
    status: error ? ('error' as const) : undefined,
    onBlur,
  };
  switch (f.type) {
    case 'textarea':
      return <Input.TextArea {...common} value={value} maxLength={f.maxLength} showCount={!!f.maxLength} autoSize={{ minRows: 2, maxRows: 6 }} onChange={(e) => onChange(e.target.value)} />;
    case 'number':
      return <Input {...common} value={value} inputMode="decimal" maxLength={f.maxLength ?? 20} onChange={(e) => onChange(e.target.value)} />;
    case 'date':
      return <Input {...common} type="date" value={value} onChange={(e) => onChange(e.target.value)} />;
    case 'select':
      return (
        <Select
          {...common}
          value={value || undefined}
          allowClear={!f.required}
          showSearch={{ optionFilterProp: 'label' }}
          options={(f.options ?? []).map((o) => ({ value: o, label: o }))}
          onChange={(v: string | undefined) => onChange(v ?? '')}
        />
      );
    default:
      return <Input {...common} value={value} maxLength={f.maxLength ?? 500} onChange={(e) => onChange(e.target.value)} />;
  }
}

function MaterialRow({
  index,
  material,
  state,
  fields,
  data,
  draftId,
  patch,
  onScanChange,
  disabled,
}: {
  index: number;
  /** The whole intake (whose electronic licences to look up). */
  data: IntakeData;
  material: Material;
  state: MaterialState;
  fields: MaterialFields;
  draftId: string;
  patch: (recipe: (d: IntakeData) => void) => void;
  onScanChange: ScanChange;
  disabled?: boolean;
}) {
  const t = useT();
  const id = material.id;
  const slot = useScanSlot({
    draftId,
    value: fields.scan,
    label: material.name,
    onChange: useCallback(
      (next: BlobRef | null, previous: BlobRef | null) =>
        onScanChange(
          (d, n) => {
            const m = d.materials[id];
            if (m) m.scan = n;
          },
          next,
          previous,
        ),
      [onScanChange, id],
    ),
  });
  const drop = useDropTarget((files) => void slot.add(files));
  const satisfied = materialSatisfied(state);
  const missing = material.required && !satisfied;

  return (
    <div
      className="yc-material-row"
      data-testid="material-row"
      data-material-id={id}
      data-satisfied={satisfied}
      data-missing={missing}
      data-dragover={drop.over}
      {...drop.handlers}
    >
      <div style={{ paddingTop: 2 }} aria-hidden>
        {satisfied ? (
          <CheckCircleFilled style={{ color: '#2e8b57' }} />
        ) : missing ? (
          <ExclamationCircleFilled style={{ color: '#d48806' }} />
        ) : (
          <MinusCircleOutlined style={{ color: '#9aa3b2' }} />
        )}
        <div className="yc-muted" style={{ fontSize: 11 }}>
          {index + 1}
        </div>
      </div>
      <div style={{ minWidth: 0 }}>
        <div className="yc-material-name" style={{ fontWeight: 500 }}>
          {material.name}
        </div>
        <div style={{ display: 'flex', gap: 4, flexWrap: 'wrap', marginTop: 4 }}>
          {material.required ? (
            <Tag color="red" style={{ marginInlineEnd: 0 }} data-testid="material-required">
              {t('guide.mat.requiredYes')}
            </Tag>
          ) : (
            <Tag style={{ marginInlineEnd: 0 }}>{t('guide.mat.requiredNo')}</Tag>
          )}
          {material.tolerable && (
            <Tag color="gold" style={{ marginInlineEnd: 0 }} data-testid="material-tolerable">
              {t('guide.mat.tolerable')}
            </Tag>
          )}
          {material.licenceType && (
            <Tag color="cyan" style={{ marginInlineEnd: 0 }}>
              {t('guide.mat.licence', { type: material.licenceType })}
            </Tag>
          )}
          <span className="yc-muted" style={{ fontSize: 12 }} data-testid="material-status">
            {satisfied ? t('intake.mat.satisfied') : missing ? t('intake.mat.missing') : t('intake.mat.optional')}
          </span>
        </div>
        {material.description && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {material.description}
          </Typography.Text>
        )}
        {material.licenceType && <LicencePicker data={data} material={material} fields={fields} patch={patch} disabled={disabled} />}
      </div>
      <div>
        {material.originals > 0 ? (
          <Checkbox
            data-testid="material-original"
            checked={fields.originalSeen}
            disabled={disabled}
            onChange={(e) =>
              patch((d) => {
                const m = d.materials[id];
                if (m) m.originalSeen = e.target.checked;
              })
            }
          >
            {t('intake.mat.originalSeen', { n: material.originals })}
          </Checkbox>
        ) : (
          <span className="yc-muted">{t('intake.mat.noOriginal')}</span>
        )}
      </div>
      <div>
        {material.copies > 0 || fields.copiesReceived > 0 ? (
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
            <InputNumber
              data-testid="material-copies"
              size="small"
              min={0}
              max={99}
              precision={0}
              value={fields.copiesReceived}
              disabled={disabled}
              style={{ width: 64 }}
              aria-label={t('intake.mat.copiesReceived')}
              onChange={(v) =>
                patch((d) => {
                  const m = d.materials[id];
                  if (m) m.copiesReceived = typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.min(99, Math.round(v))) : 0;
                })
              }
            />
            <span className="yc-muted">{t('intake.mat.copiesOf', { n: material.copies })}</span>
          </span>
        ) : (
          <span className="yc-muted">{t('intake.mat.noCopies')}</span>
        )}
      </div>
      <ScanControls slot={slot} value={fields.scan} draftId={draftId} testPrefix="material" label={material.name} disabled={disabled} />
    </div>
  );
}

export function MaterialsStep({
  data,
  patch,
  err,
  touch,
  onScanChange,
  disabled,
}: {
  data: IntakeData;
  patch: (recipe: (d: IntakeData) => void) => void;
  err: (field: string) => Msg | null;
  touch: (field: string) => void;
  onScanChange: ScanChange;
  disabled?: boolean;
}) {
  const t = useT();
  useVerificationQueue();
  const item = data.item;
  if (!item) return null;
  const states = materialStates(data);
  const missing = states.filter((m) => m.required && !materialSatisfied(m)).length;

  const allReceived = () =>
    patch((d) => {
      for (const m of item.materials) {
        if (!m.required) continue;
        const f = d.materials[m.id];
        if (!f) continue;
        if (m.originals > 0) f.originalSeen = true;
        f.copiesReceived = Math.max(f.copiesReceived, m.copies);
      }
    });

  return (
    <div data-testid="intake-step-materials">
      {item.formFields.length > 0 && (
        <div className="yc-intake-card" data-testid="intake-form">
          <div className="yc-intake-card-title">{t('intake.form.title')}</div>
          <div className="yc-intake-grid">
            {item.formFields.map((f, i) => (
              <Field
                key={f.key}
                label={f.label}
                required={f.required}
                field={`form.${f.key}`}
                error={err(`form.${f.key}`)}
                style={f.type === 'textarea' ? { gridColumn: '1 / -1' } : undefined}
              >
                <FormFieldInput
                  f={f}
                  value={data.form[f.key] ?? ''}
                  error={!!err(`form.${f.key}`)}
                  autoFocus={i === 0}
                  onChange={(v) =>
                    patch((d) => {
                      d.form[f.key] = v;
                    })
                  }
                  onBlur={() => touch(`form.${f.key}`)}
                />
              </Field>
            ))}
          </div>
        </div>
      )}

      <div className="yc-intake-card" style={{ padding: 0 }} data-testid="intake-materials">
        <div className="yc-intake-card-title" style={{ padding: '12px 16px 0', marginBottom: 8 }}>
          {t('intake.mat.title')}
          <Typography.Text type="secondary" style={{ fontWeight: 400, fontSize: 13 }} data-testid="materials-missing-count" data-count={missing}>
            {missing ? t('intake.mat.missingCount', { n: missing }) : t('intake.mat.allPresent')}
          </Typography.Text>
          <div style={{ flex: 1 }} />
          <Tooltip title={t('intake.mat.allReceivedHint')}>
            <Button size="small" icon={<CheckSquareOutlined />} onClick={allReceived} disabled={disabled} data-testid="materials-all-received" data-autofocus={item.formFields.length === 0 ? true : undefined}>
              {t('intake.mat.allReceived')}
            </Button>
          </Tooltip>
        </div>
        {item.materials.length === 0 ? (
          <div style={{ padding: '8px 16px 16px' }}>
            <Typography.Text type="secondary">{t('guide.materialsNone')}</Typography.Text>
          </div>
        ) : (
          <>
            <div className="yc-material-row yc-material-head" role="presentation">
              <span />
              <span>{t('guide.mat.name')}</span>
              <span>{t('guide.mat.originals')}</span>
              <span>{t('guide.mat.copies')}</span>
              <span>{t('intake.mat.scans')}</span>
            </div>
            {item.materials.map((m, i) => (
              <MaterialRow
                key={m.id}
                index={i}
                material={m}
                state={states[i]!}
                fields={data.materials[m.id] ?? { originalSeen: false, copiesReceived: 0, scan: null }}
                data={data}
                draftId={data.id}
                patch={patch}
                onScanChange={onScanChange}
                disabled={disabled}
              />
            ))}
            <div style={{ padding: '8px 16px 12px' }}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('intake.scan.dropHint')}
              </Typography.Text>
            </div>
          </>
        )}
      </div>
    </div>
  );
}
