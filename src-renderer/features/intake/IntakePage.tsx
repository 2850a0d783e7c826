import { Typography } from 'antd';
import { useT } from '../../app/i18n';
import { Page } from '../../app/Page';
import { CatalogBrowser } from '../catalog/CatalogBrowser';

/**
 * Intake starts by choosing the item. Issue 3 adds the applicant, materials and decision
 * steps after the choice; the catalog browser stays the first step.
 */
export function IntakePage() {
  const t = useT();
  return (
    <Page title={t('intake.title')} fill extra={<Typography.Text type="secondary" style={{ fontSize: 13 }}>{t('intake.hint')}</Typography.Text>}>
      <CatalogBrowser />
    </Page>
  );
}
