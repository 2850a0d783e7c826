/** The sections of the app: path, label, icon, keyboard shortcut, page. */
import {
  BarChartOutlined,
  FolderOpenOutlined,
  FormOutlined,
  PrinterOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { ReactNode } from 'react';
import { CasesPage } from '../features/cases/CasesPage';
import { IntakePage } from '../features/intake/IntakePage';
import { ResultsPage } from '../features/results/ResultsPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { StatsPage } from '../features/stats/StatsPage';
import type { MessageKey } from './i18n';

export type SectionKey = 'intake' | 'cases' | 'results' | 'stats' | 'settings';

export interface Section {
  key: SectionKey;
  path: string;
  label: MessageKey;
  icon: ReactNode;
  /** Alt+<digit> switches to it. */
  digit: string;
  element: ReactNode;
}

export const SECTIONS: readonly Section[] = [
  { key: 'intake', path: '/intake', label: 'nav.intake', icon: <FormOutlined />, digit: '1', element: <IntakePage /> },
  { key: 'cases', path: '/cases', label: 'nav.cases', icon: <FolderOpenOutlined />, digit: '2', element: <CasesPage /> },
  { key: 'results', path: '/results', label: 'nav.results', icon: <PrinterOutlined />, digit: '3', element: <ResultsPage /> },
  { key: 'stats', path: '/stats', label: 'nav.stats', icon: <BarChartOutlined />, digit: '4', element: <StatsPage /> },
  { key: 'settings', path: '/settings', label: 'nav.settings', icon: <SettingOutlined />, digit: '5', element: <SettingsPage /> },
];

export const DEFAULT_PATH = '/intake';

export function sectionForPath(pathname: string): Section | undefined {
  return SECTIONS.find((s) => pathname === s.path || pathname.startsWith(s.path + '/'));
}
