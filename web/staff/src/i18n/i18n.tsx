import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatDate, formatDateTime } from './dates.js';
import type { MessageKey } from './en.js';
import { regionName } from './regions.js';
import type { TermGroup } from './terms.js';
import { translate, translateTerm, type Lang } from './translate.js';

export type { Lang } from './translate.js';
const STORAGE_KEY = 'vigil.lang';

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  term: (group: TermGroup, value: string) => string;
  /** A record's text in the current language, falling back to the other one. */
  pick: (ru: string | null | undefined, en: string | null | undefined) => string;
  /** An instant to the minute, or a plain day as precise as it is: 5 Dec 2026, 14:03 (i18n/dates.ts). */
  formatDateTime: (iso: string | null | undefined) => string;
  /** The day of an instant, or a plain day (YYYY-MM-DD) as precise as it is: 5 Dec 2026, «5 дек. 2026 г.». */
  formatDate: (value: string | null | undefined) => string;
  /** A region of a facility in the reader's language (i18n/regions.ts); one we do not know as it was typed. */
  region: (text: string) => string;
}

const Context = createContext<I18n | null>(null);

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'ru' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Lang) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      term: (group, value) => translateTerm(lang, group, value),
      pick: (ruText, enText) => (lang === 'ru' ? ruText || enText : enText || ruText) || '',
      formatDateTime: (iso) => formatDateTime(iso, lang),
      formatDate: (value) => formatDate(value, lang),
      region: (text) => regionName(text, lang),
    }),
    [lang, setLang],
  );
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(Context);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
