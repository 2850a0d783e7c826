/** The clerk app's theme: the shared look of src-ui, plus the navigation sider and menu. */
import type { ThemeConfig } from 'antd';
import { BRAND, theme as shared } from '../../src-ui/theme';

export { BRAND };

export const theme: ThemeConfig = {
  ...shared,
  components: {
    ...shared.components,
    Layout: { ...shared.components?.Layout, siderBg: '#ffffff' },
    Menu: { itemHeight: 44, itemMarginInline: 6, itemBorderRadius: 4 },
  },
};
