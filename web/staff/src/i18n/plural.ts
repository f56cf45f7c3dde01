import type { MessageKey } from './en.js';
import type { Words } from './translate.js';

type Forms = 'one' | 'few' | 'many' | 'other';
/** Message keys with a form for each plural category: `base_one`, `base_few`, `base_many`, `base_other`. */
type BaseOf<K> = K extends `${infer B}_other` ? B : never;
export type PluralBase = BaseOf<MessageKey>;

const rules = new Map<string, Intl.PluralRules>();

/** "1 item", "2 items"; «1 файл», «3 файла», «5 файлов»: the form `Intl.PluralRules` picks for the language. */
export function plural(i18n: Pick<Words, 't' | 'lang'>, base: PluralBase, count: number, vars: Record<string, string | number> = {}): string {
  const locale = i18n.lang === 'ru' ? 'ru-RU' : 'en-GB';
  let rule = rules.get(locale);
  if (!rule) rules.set(locale, (rule = new Intl.PluralRules(locale)));
  const category = rule.select(count);
  const form: Forms = category === 'one' || category === 'few' || category === 'many' ? category : 'other';
  return i18n.t(`${base}_${form}` as MessageKey, { count, ...vars });
}
