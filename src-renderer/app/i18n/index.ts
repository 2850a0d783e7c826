/**
 * A small typed i18n: message keys come from the Chinese dictionary, English must
 * provide every one of them, placeholders are {name}. antd's locale follows.
 */
import type { Locale as AntdLocale } from 'antd/es/locale';
import antdEn from 'antd/locale/en_US';
import antdZh from 'antd/locale/zh_CN';
import { useCallback } from 'react';
import type { Locale } from '../../../src-shared/protocol/clerk-api';
import { useAppSelector } from '../hooks';
import { en } from './en';
import { zhCN, type MessageKey } from './zh-CN';

export type { MessageKey };
export type Params = Record<string, string | number>;
export type TFunction = (key: MessageKey, params?: Params) => string;

export const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export const DEFAULT_LOCALE: Locale = 'zh-CN';

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = dictionaries[locale][key] ?? dictionaries[DEFAULT_LOCALE][key] ?? key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export function antdLocale(locale: Locale): AntdLocale {
  return locale === 'en' ? antdEn : antdZh;
}

export function useLocale(): Locale {
  return useAppSelector((s) => s.session.settings?.locale ?? DEFAULT_LOCALE);
}

export function useT(): TFunction {
  const locale = useLocale();
  return useCallback((key: MessageKey, params?: Params) => translate(locale, key, params), [locale]);
}

/** Relative time ("3 分钟前") for a past ISO instant. */
export function relativeTime(t: TFunction, iso: string, now: number = Date.now()): string {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const min = Math.floor(ms / 60_000);
  if (min < 1) return t('time.justNow');
  if (min < 60) return t('time.minutesAgo', { n: min });
  const h = Math.floor(min / 60);
  if (h < 24) return t('time.hoursAgo', { n: h });
  return t('time.daysAgo', { n: Math.floor(h / 24) });
}

/** Absolute local date-time, e.g. 2025-03-01 08:00 (with `seconds`, 08:00:05). */
export function formatDateTime(iso: string, locale: Locale, opts: { seconds?: boolean } = {}): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'zh-CN', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(opts.seconds ? { second: '2-digit' as const } : {}),
    hour12: false,
  }).format(d);
}
