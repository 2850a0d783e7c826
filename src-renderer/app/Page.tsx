/** Page frame: a title bar and the page body. */
import { Typography } from 'antd';
import type { ReactNode } from 'react';

export function Page({ title, extra, children, fill }: { title: ReactNode; extra?: ReactNode; children: ReactNode; fill?: boolean }) {
  return (
    <div style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, padding: '14px 20px 16px' }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 12, marginBottom: 12, minHeight: 32 }}>
        <Typography.Title level={4} style={{ margin: 0, fontWeight: 600, letterSpacing: 1 }}>
          {title}
        </Typography.Title>
        <div style={{ flex: 1 }} />
        {extra}
      </div>
      <div style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', overflow: fill ? 'hidden' : 'visible' }}>{children}</div>
    </div>
  );
}

/** An honest empty section: what will appear here, and when. */
export function EmptySection({ icon, title, body, action, testId }: { icon: ReactNode; title: ReactNode; body: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <div
      data-testid={testId}
      style={{
        background: '#fff',
        border: '1px solid #e5e8ef',
        borderRadius: 6,
        padding: '56px 24px',
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'center',
        textAlign: 'center',
        gap: 12,
      }}
    >
      <div style={{ fontSize: 44, color: '#9aa7bd' }}>{icon}</div>
      <Typography.Title level={5} style={{ margin: 0 }}>
        {title}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 560, margin: 0, lineHeight: 1.8 }}>
        {body}
      </Typography.Paragraph>
      {action}
    </div>
  );
}
