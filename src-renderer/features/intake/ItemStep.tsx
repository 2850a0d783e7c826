/** Step 1: the item, chosen from the cached catalog; then its summary. */
import { ApartmentOutlined, FileSearchOutlined, SwapOutlined } from '@ant-design/icons';
import { Button, Descriptions, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import { useT, type TFunction } from '../../app/i18n';
import type { CachedCatalogItem } from '../../db/catalogSearch';
import { ProxyCatalogPicker } from '../proxy/ProxyCatalogPicker';
import { ProxyItemNotice } from '../proxy/ProxyItemNotice';
import { ProxyItemTag } from '../proxy/ProxyTag';
import { CaseTypeTag, isJoint, itemTypeLabel } from '../catalog/labels';
import { ServiceGuideDrawer } from '../catalog/ServiceGuide';

export function daysText(t: TFunction, item: CatalogItem): string {
  if (item.caseType === '1') return t('intake.item.immediateDays', { statutory: item.statutoryDays });
  return t('intake.item.days', { promised: item.promisedDays, statutory: item.statutoryDays });
}

/** One line over every step: which item this intake is for. */
export function ItemBar({ item }: { item: CatalogItem }) {
  const t = useT();
  return (
    <div
      data-testid="intake-item-bar"
      data-code={item.implementationCode}
      style={{ display: 'flex', alignItems: 'center', gap: 10, flexWrap: 'wrap', fontSize: 13, padding: '6px 12px', background: '#fff', border: '1px solid #e5e8ef', borderRadius: 6 }}
    >
      <Typography.Text strong style={{ fontSize: 14 }}>
        {item.name}
      </Typography.Text>
      <span className="yc-code yc-muted">{item.implementationCode}</span>
      <CaseTypeTag t={t} code={item.caseType} />
      <ProxyItemTag item={item} />
      <span>{daysText(t, item)}</span>
      {isJoint(item) && (
        <Tag color="geekblue" icon={<ApartmentOutlined />} style={{ marginInlineEnd: 0 }}>
          {t('intake.item.joint', { count: item.reviewDepartments.length })}
        </Tag>
      )}
      <span className="yc-muted">{item.fee.charged ? item.fee.description : t('guide.feeFree')}</span>
    </div>
  );
}

export function ItemStep({ item, onPick }: { item: CatalogItem | null; onPick: (item: CachedCatalogItem) => void }) {
  const t = useT();
  const [changing, setChanging] = useState(false);
  const [guide, setGuide] = useState(false);

  if (!item || changing)
    return (
      <div data-testid="intake-step-item" data-state="picking" style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}>
        <ProxyCatalogPicker
          onPick={(it) => {
            setChanging(false);
            onPick(it);
          }}
        />
        {changing && (
          <div style={{ marginTop: 8 }}>
            <Button onClick={() => setChanging(false)} data-testid="intake-change-cancel">
              {t('intake.item.keep')}
            </Button>
          </div>
        )}
      </div>
    );

  return (
    <div data-testid="intake-step-item" data-state="chosen" data-code={item.implementationCode} className="yc-intake-card">
      <div className="yc-intake-card-title">
        {t('intake.item.chosen')}
        <div style={{ flex: 1 }} />
        <Button icon={<FileSearchOutlined />} onClick={() => setGuide(true)} data-testid="intake-item-guide">
          {t('guide.title')}
        </Button>
        <Button icon={<SwapOutlined />} onClick={() => setChanging(true)} data-testid="intake-change-item" data-autofocus>
          {t('intake.item.change')}
        </Button>
      </div>
      <ProxyItemNotice item={item} />
      <Descriptions
        size="small"
        bordered
        column={2}
        styles={{ label: { width: 130, whiteSpace: 'nowrap' } }}
        items={[
          { key: 'name', label: t('guide.name'), children: <strong>{item.name}</strong>, span: 2 },
          { key: 'code', label: t('guide.implementationCode'), children: <span className="yc-code">{item.implementationCode}</span> },
          { key: 'type', label: t('guide.itemType'), children: itemTypeLabel(t, item.itemType) },
          { key: 'dept', label: t('guide.department'), children: item.department.name },
          { key: 'caseType', label: t('guide.caseType'), children: <CaseTypeTag t={t} code={item.caseType} /> },
          { key: 'days', label: t('intake.item.limits'), children: daysText(t, item), span: 2 },
          {
            key: 'joint',
            label: t('guide.reviewDepartments'),
            span: 2,
            children: (
              <span data-testid="intake-item-joint" data-joint={isJoint(item)}>
                {isJoint(item) && (
                  <Tag color="geekblue" style={{ marginInlineEnd: 8 }}>
                    {t('catalog.tag.joint')}
                  </Tag>
                )}
                {item.reviewDepartments.map((d) => d.name).join(t('common.listSep'))}
              </span>
            ),
          },
          {
            key: 'fee',
            label: t('guide.fee'),
            span: 2,
            children: item.fee.charged ? item.fee.description : item.fee.description || t('guide.feeFree'),
          },
          { key: 'kinds', label: t('guide.applicantKinds'), children: item.applicantKinds.map((k) => t(`applicant.${k}`)).join(t('common.listSep')), span: 2 },
          { key: 'materials', label: t('guide.materials'), children: t('intake.item.materialsCount', { n: item.materials.length }), span: 2 },
        ]}
      />
      <ServiceGuideDrawer item={guide ? item : null} onClose={() => setGuide(false)} />
    </div>
  );
}
