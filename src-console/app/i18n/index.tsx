/** The console's language, as React context: kept in localStorage, antd's locale follows. */
import type { Locale as AntdLocale } from 'antd/es/locale';
import antdEn from 'antd/locale/en_US';
import antdZh from 'antd/locale/zh_CN';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { DEFAULT_LOCALE, pickLocale, translate, type Locale, type MessageKey, type Params, type TFunction } from './translate';

export * from './translate';

const STORAGE_KEY = 'yc-console-locale';

interface LocaleState {
  locale: Locale;
  setLocale(l: Locale): void;
}

const LocaleContext = createContext<LocaleState>({ locale: DEFAULT_LOCALE, setLocale: () => undefined });

function storedLocale(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function LocaleProvider({ children }: { children: ReactNode }) {
  const [locale, setState] = useState<Locale>(() => pickLocale(storedLocale()));
  const setLocale = useCallback((l: Locale) => {
    setState(l);
    try {
      window.localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* private mode: the choice lasts for this page */
    }
  }, []);
  const value = useMemo(() => ({ locale, setLocale }), [locale, setLocale]);
  return <LocaleContext.Provider value={value}>{children}</LocaleContext.Provider>;
}

export function useLocale(): Locale {
  return useContext(LocaleContext).locale;
}

export function useSetLocale(): (l: Locale) => void {
  return useContext(LocaleContext).setLocale;
}

export function useT(): TFunction {
  const locale = useLocale();
  return useCallback((key: MessageKey, params?: Params) => translate(locale, key, params), [locale]);
}

export function antdLocale(locale: Locale): AntdLocale {
  return locale === 'en' ? antdEn : antdZh;
}
