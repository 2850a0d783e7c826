/**
 * The console's small typed i18n (pure, no React): message keys come from the Chinese
 * dictionary, English provides every one of them, placeholders are {name}.
 */
import type { Locale } from '../../../src-shared/protocol/clerk-api';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type { Locale, MessageKey };
export type Params = Record<string, string | number>;
export type TFunction = (key: MessageKey, params?: Params) => string;

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = dictionaries[locale][key] ?? dictionaries[DEFAULT_LOCALE][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function translator(locale: Locale): TFunction {
  return (key, params) => translate(locale, key, params);
}

/** The language the reviewer chose last; Chinese first otherwise. */
export function pickLocale(stored: string | null | undefined): Locale {
  return stored === 'zh-CN' || stored === 'en' ? stored : DEFAULT_LOCALE;
}

/** Absolute local date-time in China time, e.g. 2025-03-01 08:00. */
export function formatDateTime(iso: string, locale: Locale): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZone: 'Asia/Shanghai',
  }).format(d);
}
