/**
 * The header both web apps share: the product mark, name and subtitle on the left, the app's own
 * controls on the right, and a keyboard-shortcuts popover. Texts come from the app's i18n.
 */
import { QuestionCircleOutlined } from '@ant-design/icons';
import { Button, Layout, Popover } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { Emblem } from './Emblem';
import { BRAND } from './theme';

/** Text on the dark header band. */
export const headerText: CSSProperties = { color: 'rgba(255,255,255,0.92)', whiteSpace: 'nowrap' };

export function AppHeader({ name, subtitle, nameTestId, children }: { name: string; subtitle: string; nameTestId?: string; children: ReactNode }) {
  return (
    <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 20, borderBottom: `3px solid ${BRAND.headerAccent}` }}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 10, minWidth: 0 }}>
        <Emblem size={30} />
        <div style={{ display: 'flex', flexDirection: 'column', lineHeight: 1.15 }}>
          <span style={{ ...headerText, color: '#fff', fontSize: 19, fontWeight: 600, letterSpacing: 2 }} data-testid={nameTestId}>
            {name}
          </span>
          <span style={{ ...headerText, fontSize: 11, opacity: 0.75, letterSpacing: 1 }}>{subtitle}</span>
        </div>
      </div>
      <div style={{ flex: 1 }} />
      <div style={{ display: 'flex', alignItems: 'center', gap: 18, minWidth: 0, fontSize: 13 }}>{children}</div>
    </Layout.Header>
  );
}

/** One row of the shortcuts table: the keys, and what they do. */
export type ShortcutRow = [keys: string, meaning: string];

export function ShortcutsHelp({ rows }: { rows: ShortcutRow[] }) {
  return (
    <table style={{ borderCollapse: 'collapse', fontSize: 13 }} data-testid="shortcuts-help">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <td style={{ padding: '3px 16px 3px 0', whiteSpace: 'nowrap' }}>
              <kbd className="yc-kbd">{k}</kbd>
            </td>
            <td style={{ padding: '3px 0' }}>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The header's "?" button: hover or click shows the shortcuts table. */
export function ShortcutsButton({ title, label, rows }: { title: string; label: string; rows: ShortcutRow[] }) {
  return (
    <Popover title={title} content={<ShortcutsHelp rows={rows} />} placement="bottomRight" trigger={['hover', 'click']}>
      <Button type="text" size="small" icon={<QuestionCircleOutlined />} style={headerText} aria-label={label} data-testid="shortcuts-button" />
    </Popover>
  );
}
