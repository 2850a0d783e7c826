/** Chinese / English switch; remembered in this browser. */
import { GlobalOutlined } from '@ant-design/icons';
import { Button, Tooltip } from 'antd';
import type { CSSProperties } from 'react';
import { useLocale, useSetLocale, useT } from './i18n';

export function LangSwitch({ style }: { style?: CSSProperties }) {
  const t = useT();
  const locale = useLocale();
  const setLocale = useSetLocale();
  const next = locale === 'zh-CN' ? 'en' : 'zh-CN';
  return (
    <Tooltip title={t('lang.switch')}>
      <Button type="text" size="small" data-testid="lang-switch" data-locale={locale} icon={<GlobalOutlined />} style={style} onClick={() => setLocale(next)}>
        {t(next === 'en' ? 'lang.en' : 'lang.zh-CN')}
      </Button>
    </Tooltip>
  );
}
