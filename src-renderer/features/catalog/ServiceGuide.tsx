/** The service guide (办事指南) of one catalog item, in a drawer. */
import { ApartmentOutlined, CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Alert, Descriptions, Drawer, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import type { CatalogItem, Material } from '../../../src-shared/domain/catalog';
import { formatDateTime, useLocale, useT, type TFunction } from '../../app/i18n';
import { CaseTypeTag, handlingFormLabel, isJoint, itemTypeLabel, ItemTags } from './labels';

function Section({ title, children, extra }: { title: ReactNode; children: ReactNode; extra?: ReactNode }) {
  return (
    <section style={{ marginTop: 20 }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8, borderLeft: '3px solid #1f5fbf', paddingLeft: 8 }}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {title}
        </Typography.Text>
        {extra}
      </div>
      {children}
    </section>
  );
}

function days(t: TFunction, n: number): string {
  return n === 0 ? t('catalog.immediate') : t('catalog.daysShort', { n });
}

function MaterialsTable({ t, materials }: { t: TFunction; materials: Material[] }) {
  if (materials.length === 0) return <Typography.Text type="secondary">{t('guide.materialsNone')}</Typography.Text>;
  return (
    <Table<Material>
      size="small"
      bordered
      rowKey="id"
      pagination={false}
      dataSource={materials}
      data-testid="guide-materials"
      columns={[
        { title: '#', width: 44, align: 'center', render: (_v, _m, i) => i + 1 },
        {
          title: t('guide.mat.name'),
          dataIndex: 'name',
          render: (_v, m) => (
            <div>
              <div>{m.name}</div>
              {m.description && (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {m.description}
                </Typography.Text>
              )}
              {m.licenceType && (
                <div>
                  <Tag color="cyan" style={{ marginTop: 2 }}>
                    {t('guide.mat.licence', { type: m.licenceType })}
                  </Tag>
                </div>
              )}
            </div>
          ),
        },
        { title: t('guide.mat.originals'), dataIndex: 'originals', width: 64, align: 'center' },
        { title: t('guide.mat.copies'), dataIndex: 'copies', width: 72, align: 'center' },
        {
          title: t('guide.mat.required'),
          width: 120,
          render: (_v, m) => (
            <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
              {m.required ? (
                <Tag color="red" icon={<CheckCircleFilled />} style={{ marginInlineEnd: 0 }}>
                  {t('guide.mat.requiredYes')}
                </Tag>
              ) : (
                <Tag icon={<MinusCircleOutlined />} style={{ marginInlineEnd: 0 }}>
                  {t('guide.mat.requiredNo')}
                </Tag>
              )}
              {m.tolerable && (
                <Tag color="gold" style={{ marginInlineEnd: 0 }}>
                  {t('guide.mat.tolerable')}
                </Tag>
              )}
            </span>
          ),
        },
      ]}
    />
  );
}

const pre = { whiteSpace: 'pre-wrap' as const, margin: 0, lineHeight: 1.8 };

export function ServiceGuideBody({ item }: { item: CatalogItem }) {
  const t = useT();
  const locale = useLocale();
  const joint = isJoint(item);
  return (
    <div data-testid="service-guide" data-code={item.implementationCode}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
        <CaseTypeTag t={t} code={item.caseType} />
        <Tag style={{ marginInlineEnd: 0 }}>{itemTypeLabel(t, item.itemType)}</Tag>
        <ItemTags t={t} item={item} />
      </div>

      <Section title={t('guide.basic')}>
        <Descriptions
          size="small"
          bordered
          column={2}
          styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}
          items={[
            { key: 'name', label: t('guide.name'), children: item.name, span: 2 },
            { key: 'impl', label: t('guide.implementationCode'), children: <span className="yc-code">{item.implementationCode}</span> },
            { key: 'code', label: t('guide.itemCode'), children: <span className="yc-code">{item.itemCode}</span> },
            { key: 'dept', label: t('guide.department'), children: item.department.name },
            { key: 'region', label: t('guide.region'), children: t('common.withDetail', { text: item.regionName, detail: item.regionCode }) },
            { key: 'statutory', label: t('guide.statutory'), children: days(t, item.statutoryDays) },
            { key: 'promised', label: t('guide.promised'), children: days(t, item.promisedDays) },
            { key: 'forms', label: t('guide.handlingForms'), children: item.handlingForms.map((f) => handlingFormLabel(t, f)).join(t('common.listSep')) },
            { key: 'kinds', label: t('guide.applicantKinds'), children: item.applicantKinds.map((k) => t(`applicant.${k}`)).join(t('common.listSep')) },
            {
              key: 'cross',
              label: t('guide.crossRegion'),
              span: 2,
              children: item.crossRegion ? t('guide.crossRegionYes') : t('guide.crossRegionNo'),
            },
            {
              key: 'fee',
              label: t('guide.fee'),
              span: 2,
              children: (
                <div>
                  <div>{item.fee.charged ? item.fee.description : item.fee.description || t('guide.feeFree')}</div>
                  {item.fee.basis && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('guide.feeBasis', { basis: item.fee.basis })}
                    </Typography.Text>
                  )}
                </div>
              ),
            },
          ]}
        />
      </Section>

      <Section title={t('guide.conditions')}>
        <Typography.Paragraph style={pre}>{item.conditions || t('guide.none')}</Typography.Paragraph>
      </Section>

      <Section title={t('guide.materials')} extra={<Typography.Text type="secondary">({item.materials.length})</Typography.Text>}>
        <MaterialsTable t={t} materials={item.materials} />
      </Section>

      <Section title={t('guide.reviewDepartments')}>
        {joint && (
          <Alert type="info" showIcon icon={<ApartmentOutlined />} style={{ marginBottom: 8 }} title={t('guide.joint', { count: item.reviewDepartments.length })} />
        )}
        <ol style={{ margin: 0, paddingInlineStart: 22, lineHeight: 1.9 }} data-testid="guide-review-departments">
          {item.reviewDepartments.map((d) => (
            <li key={d.code}>
              {d.name}
              <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                {d.regionCode}
              </Typography.Text>
            </li>
          ))}
        </ol>
      </Section>

      <Section title={t('guide.legalBasis')}>
        <Typography.Paragraph style={pre}>{item.legalBasis || t('guide.none')}</Typography.Paragraph>
      </Section>

      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('guide.updatedAt', { time: formatDateTime(item.updatedAt, locale) })}
      </Typography.Text>
    </div>
  );
}

export function ServiceGuideDrawer({ item, onClose }: { item: CatalogItem | null; onClose: () => void }) {
  const t = useT();
  return (
    <Drawer
      open={!!item}
      onClose={onClose}
      size={780}
      placement="right"
      destroyOnHidden
      title={
        item ? (
          <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.4 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 400 }}>
              {t('guide.title')}
            </Typography.Text>
            <span style={{ fontSize: 17 }}>{item.name}</span>
          </div>
        ) : (
          t('guide.title')
        )
      }
    >
      {item && <ServiceGuideBody item={item} />}
    </Drawer>
  );
}
