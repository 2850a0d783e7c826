import { PrinterOutlined } from '@ant-design/icons';
import { useT } from '../../app/i18n';
import { EmptySection, Page } from '../../app/Page';

/** Result documents to print (remote result printing). */
export function ResultsPage() {
  const t = useT();
  return (
    <Page title={t('results.title')}>
      <EmptySection testId="results-empty" icon={<PrinterOutlined />} title={t('results.emptyTitle')} body={t('results.emptyBody')} />
    </Page>
  );
}
