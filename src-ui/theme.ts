/** Visual identity of both web apps: a restrained government-service look, dense enough for a counter. */
import type { ThemeConfig } from 'antd';

export const FONT_FAMILY = [
  '-apple-system',
  'BlinkMacSystemFont',
  '"Segoe UI"',
  '"PingFang SC"',
  '"Hiragino Sans GB"',
  '"Microsoft YaHei"',
  '"Noto Sans CJK SC"',
  '"Source Han Sans SC"',
  '"WenQuanYi Micro Hei"',
  'sans-serif',
].join(', ');

export const BRAND = {
  primary: '#1f5fbf',
  header: '#0f3b78',
  headerAccent: '#c8102e',
  pageBg: '#f0f2f5',
};

/** The common antd theme; an app may add component tokens of its own. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: BRAND.primary,
    colorInfo: BRAND.primary,
    colorSuccess: '#2e8b57',
    colorWarning: '#d48806',
    colorError: '#c8102e',
    borderRadius: 4,
    fontFamily: FONT_FAMILY,
    fontSize: 14,
    colorBgLayout: BRAND.pageBg,
  },
  components: {
    Layout: { headerBg: BRAND.header, headerHeight: 56, headerPadding: '0 20px' },
    Table: { headerBg: '#f5f7fa', rowHoverBg: '#eef4fd', cellPaddingBlockSM: 6 },
    Descriptions: { labelBg: '#f5f7fa' },
  },
};
