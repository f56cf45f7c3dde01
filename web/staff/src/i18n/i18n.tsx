import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en.js';
import { ru } from './ru.js';
import { TERMS, type TermGroup } from './terms.js';

export type Lang = 'ru' | 'en';
const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, ru };
const STORAGE_KEY = 'vigil.lang';

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  term: (group: TermGroup, value: string) => string;
  /** A record's text in the current language, falling back to the other one. */
  pick: (ru: string | null | undefined, en: string | null | undefined) => string;
  formatDateTime: (iso: string | null | undefined) => string;
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
      t: (key, vars) => MESSAGES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`)),
      term: (group, value) => TERMS[lang][group]?.[value] ?? value,
      pick: (ruText, enText) => (lang === 'ru' ? ruText || enText : enText || ruText) || '',
      formatDateTime: (iso) => (iso ? new Date(iso).toLocaleString(lang === 'ru' ? 'ru-RU' : 'en-GB') : ''),
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
