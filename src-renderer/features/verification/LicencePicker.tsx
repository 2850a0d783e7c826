/**
 * In the materials step, for a material the catalog says an electronic licence may
 * serve: look up the applicant's licences at the center, let the clerk use one instead of
 * paper (rule 10: A and B replace paper; C once the original is checked; D never), or go
 * back to paper. Offline, it says so and the clerk takes the paper document.
 */
import { CloudDownloadOutlined, SafetyCertificateOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, Button, Checkbox, Modal, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import { useState, type HTMLAttributes } from 'react';
import type { Material } from '../../../src-shared/domain/catalog';
import type { ElectronicLicence, TrustGrade } from '../../../src-shared/protocol/shared-data';
import { useT } from '../../app/i18n';
import { useServices } from '../../app/services';
import type { IntakeData, MaterialFields } from '../intake/model';
import { licenceHoldersFor, licenceOptions, toMaterialLicence, type LicenceOption } from './licences';

const GRADE_COLOR: Record<TrustGrade, string> = { A: 'green', B: 'blue', C: 'orange', D: 'default' };

type Lookup = { state: 'idle' } | { state: 'loading' } | { state: 'done'; options: LicenceOption[]; source: string } | { state: 'error'; message: string };

export function GradeTag({ grade }: { grade: TrustGrade }) {
  const t = useT();
  return (
    <Tooltip title={t(`licence.grade.${grade}`)}>
      <Tag color={GRADE_COLOR[grade]} style={{ marginInlineEnd: 0 }} data-testid="licence-grade" data-grade={grade}>
        {t('licence.grade', { grade })}
      </Tag>
    </Tooltip>
  );
}

export function LicencePicker({
  data,
  material,
  fields,
  patch,
  disabled,
}: {
  data: IntakeData;
  material: Material;
  fields: MaterialFields;
  patch: (recipe: (d: IntakeData) => void) => void;
  disabled?: boolean;
}) {
  const t = useT();
  const { clerk } = useServices();
  const [open, setOpen] = useState(false);
  const [lookup, setLookup] = useState<Lookup>({ state: 'idle' });
  const type = material.licenceType;
  if (!type) return null;
  const holders = licenceHoldersFor(data, material);
  const id = material.id;
  const used = fields.licence ?? null;

  const search = async () => {
    setOpen(true);
    setLookup({ state: 'loading' });
    const found: ElectronicLicence[] = [];
    let source = '';
    for (const holderId of holders) {
      let r;
      try {
        r = await clerk['sync:licences']({ holderId });
      } catch (e) {
        setLookup({ state: 'error', message: e instanceof Error ? e.message : String(e) });
        return;
      }
      if (!r.ok) {
        setLookup({ state: 'error', message: r.error.message });
        return;
      }
      found.push(...r.value.licences);
      source = r.value.source;
    }
    setLookup({ state: 'done', options: licenceOptions(found, type), source });
  };

  const use = (l: ElectronicLicence) => {
    patch((d) => {
      const m = d.materials[id];
      if (m) m.licence = toMaterialLicence(l);
    });
    setOpen(false);
  };

  if (used)
    return (
      <div data-testid="material-licence" data-licence-number={used.licenceNumber} data-grade={used.trustGrade} style={{ display: 'flex', alignItems: 'center', gap: 6, flexWrap: 'wrap', marginTop: 4 }}>
        <Tag color="cyan" icon={<SafetyCertificateOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('licence.inUse', { number: used.licenceNumber, grade: used.trustGrade })}
        </Tag>
        <GradeTag grade={used.trustGrade} />
        {used.trustGrade === 'C' && (
          <Tooltip title={t('licence.needsOriginal')}>
            <Checkbox
              data-testid="licence-original-checked"
              checked={used.originalChecked === true}
              disabled={disabled}
              onChange={(e) =>
                patch((d) => {
                  const l = d.materials[id]?.licence;
                  if (l) l.originalChecked = e.target.checked;
                })
              }
            >
              {t('licence.originalChecked')}
            </Checkbox>
          </Tooltip>
        )}
        <Button
          size="small"
          type="link"
          icon={<UndoOutlined />}
          disabled={disabled}
          data-testid="licence-remove"
          onClick={() =>
            patch((d) => {
              const m = d.materials[id];
              if (m) m.licence = null;
            })
          }
        >
          {t('licence.usePaper')}
        </Button>
      </div>
    );

  return (
    <>
      <Tooltip title={holders.length ? undefined : t('licence.lookupHint')}>
        <Button size="small" icon={<CloudDownloadOutlined />} disabled={disabled || holders.length === 0} onClick={() => void search()} data-testid="licence-lookup" style={{ marginTop: 4 }}>
          {t('licence.lookup')}
        </Button>
      </Tooltip>
      <Modal open={open} title={t('licence.title', { type })} onCancel={() => setOpen(false)} footer={null} width={860} destroyOnHidden>
        <div data-testid="licence-dialog" data-state={lookup.state}>
          {lookup.state === 'loading' && <Spin tip={t('licence.loading')}>{<div style={{ height: 60 }} />}</Spin>}
          {lookup.state === 'error' && <Alert type="warning" showIcon title={t('licence.offline', { message: lookup.message })} data-testid="licence-offline" />}
          {lookup.state === 'done' &&
            (lookup.options.length === 0 ? (
              <Alert type="info" showIcon title={t('licence.none', { type })} data-testid="licence-none" />
            ) : (
              <>
                <Table<LicenceOption>
                  size="small"
                  pagination={false}
                  rowKey={(o) => o.licence.licenceNumber}
                  dataSource={lookup.options}
                  onRow={(o) => ({ 'data-testid': 'licence-option', 'data-licence-number': o.licence.licenceNumber, 'data-usable': o.usable.ok }) as HTMLAttributes<HTMLElement>}
                  columns={[
                    { key: 'number', title: t('licence.col.number'), render: (_, o) => <span className="yc-code">{o.licence.licenceNumber}</span> },
                    { key: 'issuer', title: t('licence.col.issuer'), render: (_, o) => o.licence.issuer },
                    { key: 'issued', title: t('licence.col.issuedAt'), render: (_, o) => o.licence.issuedAt },
                    { key: 'until', title: t('licence.col.validUntil'), render: (_, o) => o.licence.validUntil ?? t('licence.noEnd') },
                    { key: 'grade', title: t('licence.col.grade'), render: (_, o) => <GradeTag grade={o.licence.trustGrade} /> },
                    {
                      key: 'use',
                      title: '',
                      render: (_, o) =>
                        o.usable.ok ? (
                          <Button size="small" type="primary" onClick={() => use(o.licence)} data-testid="licence-use">
                            {t('licence.use')}
                          </Button>
                        ) : (
                          <Typography.Text type="secondary" data-testid="licence-unusable" data-reason={o.usable.reason}>
                            {t(`licence.unusable.${o.usable.reason}`)}
                          </Typography.Text>
                        ),
                    },
                  ]}
                />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {t('licence.source', { source: lookup.source })}
                </Typography.Text>
              </>
            ))}
        </div>
      </Modal>
    </>
  );
}
