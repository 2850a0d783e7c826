import { FolderOpenOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../../app/i18n';
import { EmptySection, Page } from '../../app/Page';

/** Cases at this window. The list arrives with offline intake (issue 3). */
export function CasesPage() {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Page title={t('cases.title')}>
      <EmptySection
        testId="cases-empty"
        icon={<FolderOpenOutlined />}
        title={t('cases.emptyTitle')}
        body={t('cases.emptyBody')}
        action={
          <Button type="primary" onClick={() => navigate('/intake')}>
            {t('cases.goIntake')}
          </Button>
        }
      />
    </Page>
  );
}
