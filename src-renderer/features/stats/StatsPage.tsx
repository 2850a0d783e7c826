import { BarChartOutlined } from '@ant-design/icons';
import { useT } from '../../app/i18n';
import { EmptySection, Page } from '../../app/Page';

/** Window statistics; filled once cases exist. */
export function StatsPage() {
  const t = useT();
  return (
    <Page title={t('stats.title')}>
      <EmptySection testId="stats-empty" icon={<BarChartOutlined />} title={t('stats.emptyTitle')} body={t('stats.emptyBody')} />
    </Page>
  );
}
