import { en, type MessageKey } from './en.js';
import { ru } from './ru.js';
import { TERMS, type TermGroup } from './terms.js';

export type Lang = 'ru' | 'en';
const MESSAGES: Record<Lang, Record<MessageKey, string>> = { en, ru };

/** A message of the catalogue with its `{name}` holes filled (no React: the unit tests use it as it is). */
export function translate(lang: Lang, key: MessageKey, vars?: Record<string, string | number>): string {
  return MESSAGES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

/** A word of a fixed vocabulary (roles, kinds, statuses) in the language; an unknown one as it is. */
export function translateTerm(lang: Lang, group: TermGroup, value: string): string {
  return TERMS[lang][group]?.[value] ?? value;
}
