/** Browser mode without the launch token: say, in Chinese and English, what to open. */
import { KeyOutlined } from '@ant-design/icons';
import { Result, Typography } from 'antd';
import { Emblem } from './Emblem';
import { translate } from './i18n';
import { BRAND } from './theme';

export function NoTokenPage({ reason }: { reason: 'missing' | 'forbidden' }) {
  const bodyKey = reason === 'missing' ? 'noToken.body' : 'noToken.forbidden';
  return (
    <div data-testid="no-token" data-reason={reason} style={{ minHeight: '100vh', background: BRAND.pageBg, display: 'flex', flexDirection: 'column' }}>
      <div style={{ background: BRAND.header, borderBottom: `3px solid ${BRAND.headerAccent}`, padding: '12px 20px', display: 'flex', alignItems: 'center', gap: 10 }}>
        <Emblem size={28} />
        <span style={{ color: '#fff', fontSize: 18, fontWeight: 600, letterSpacing: 2 }}>{translate('zh-CN', 'app.name')}</span>
      </div>
      <Result
        icon={<KeyOutlined style={{ color: BRAND.primary }} />}
        title={
          <div>
            <div>{translate('zh-CN', 'noToken.title')}</div>
            <Typography.Text type="secondary" style={{ fontSize: 16 }}>
              {translate('en', 'noToken.title')}
            </Typography.Text>
          </div>
        }
        subTitle={
          <div style={{ maxWidth: 640, margin: '0 auto', lineHeight: 1.9, textAlign: 'left' }}>
            <p lang="zh-CN" style={{ fontSize: 15, color: '#1f2937' }}>
              {translate('zh-CN', bodyKey)}
            </p>
            <p lang="en">{translate('en', bodyKey)}</p>
            <pre className="yc-code" style={{ background: '#fff', border: '1px solid #e5e8ef', padding: '8px 12px', borderRadius: 4 }}>
              npm start
            </pre>
          </div>
        }
      />
    </div>
  );
}
