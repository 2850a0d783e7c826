/** Display helpers for catalog code tables (labels come from the i18n dictionaries). */
import { Tag } from 'antd';
import type { CatalogItem } from '../../../src-shared/domain/catalog';
import type { TFunction } from '../../app/i18n';

export function itemTypeLabel(t: TFunction, code: CatalogItem['itemType']): string {
  return t(`itemType.${code}`);
}

export function caseTypeLabel(t: TFunction, code: CatalogItem['caseType']): string {
  return t(`caseType.${code}`);
}

export function handlingFormLabel(t: TFunction, code: CatalogItem['handlingForms'][number]): string {
  return t(`handlingForm.${code}`);
}

export function CaseTypeTag({ t, code }: { t: TFunction; code: CatalogItem['caseType'] }) {
  const color = code === '1' ? 'green' : code === '2' ? 'blue' : 'default';
  return (
    <Tag color={color} variant="outlined" style={{ marginInlineEnd: 0 }}>
      {caseTypeLabel(t, code)}
    </Tag>
  );
}

export function isJoint(item: Pick<CatalogItem, 'reviewDepartments'>): boolean {
  return item.reviewDepartments.length > 1;
}

export function ItemTags({ t, item }: { t: TFunction; item: CatalogItem }) {
  return (
    <span style={{ display: 'inline-flex', gap: 4, flexWrap: 'wrap' }}>
      {isJoint(item) && (
        <Tag color="geekblue" style={{ marginInlineEnd: 0 }} data-testid="tag-joint">
          {t('catalog.tag.joint')}
        </Tag>
      )}
      {item.crossRegion && (
        <Tag color="purple" style={{ marginInlineEnd: 0 }} data-testid="tag-cross-region">
          {t('catalog.tag.crossRegion')}
        </Tag>
      )}
      {item.fee.charged && (
        <Tag color="orange" style={{ marginInlineEnd: 0 }}>
          {t('catalog.tag.charged')}
        </Tag>
      )}
    </span>
  );
}
