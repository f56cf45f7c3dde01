import { en, type MessageKey } from './en.js';
import { ru } from './ru.js';
import { TERMS, type TermGroup } from './terms.js';

export type Lang = 'ru' | 'en';

/** What text-making helpers need of the app's I18n (which has these and more), without React. */
export interface Words {
  lang: Lang;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  term: (group: TermGroup, value: string) => string;
}
const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, ru };

/** A message of the catalogue with its `{name}` holes filled (no React: the unit tests use it as it is). */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

/** A word of a fixed vocabulary (roles, kinds, statuses) in the language; an unknown one as it is. */
export function translateTerm(lang: Lang, group: TermGroup, value: string): string {
  return TERMS[lang][group]?.[value] ?? value;
}
