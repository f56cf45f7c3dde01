import type { IntakeQuestion, IntakeQuestionKind } from '../../../../../src/inbox/index.js';
import type { I18n } from '../../i18n/i18n.js';

/** A question as the editor holds it: every text a plain string, and a key that stays with it when it moves. */
export interface OptionDraft {
  key: number;
  ru: string;
  en: string;
}

export interface QuestionDraft {
  key: number;
  id: string;
  kind: IntakeQuestionKind;
  labelRu: string;
  labelEn: string;
  helpRu: string;
  helpEn: string;
  options: OptionDraft[];
  required: boolean;
  private: boolean;
}

export const KINDS: readonly IntakeQuestionKind[] = ['text', 'long-text', 'choice'];

let lastKey = 0;
export const nextKey = (): number => ++lastKey;

export function emptyOption(): OptionDraft {
  return { key: nextKey(), ru: '', en: '' };
}

export function emptyQuestion(): QuestionDraft {
  return { key: nextKey(), id: '', kind: 'text', labelRu: '', labelEn: '', helpRu: '', helpEn: '', options: [], required: false, private: false };
}

export function toDrafts(questions: IntakeQuestion[]): QuestionDraft[] {
  return questions.map((q) => ({
    key: nextKey(),
    id: q.id,
    kind: q.kind,
    labelRu: q.label.ru,
    labelEn: q.label.en,
    helpRu: q.help?.ru ?? '',
    helpEn: q.help?.en ?? '',
    options: (q.options ?? []).map((o) => ({ key: nextKey(), ru: o.ru, en: o.en })),
    required: q.required,
    private: q.private ?? false,
  }));
}

/** What the server takes: texts trimmed, help only when there is some, options only for a choice. */
export function fromDrafts(drafts: QuestionDraft[]): IntakeQuestion[] {
  return drafts.map((d) => {
    const question: IntakeQuestion = { id: d.id.trim(), kind: d.kind, label: { ru: d.labelRu.trim(), en: d.labelEn.trim() }, required: d.required };
    if (d.helpRu.trim() || d.helpEn.trim()) question.help = { ru: d.helpRu.trim(), en: d.helpEn.trim() };
    // Said either way: a questionnaire without the flag keeps its 'contact' question private (withPrivateDefault).
    question.private = d.private;
    if (d.kind === 'choice') question.options = d.options.map((o) => ({ ru: o.ru.trim(), en: o.en.trim() }));
    return question;
  });
}

/**
 * What must be put right before saving, by the path the server would name (`questions.0.label.ru`), so one
 * lookup finds the editor's own message or the server's.
 */
export function checkDrafts(drafts: QuestionDraft[], t: I18n['t']): Record<string, string> {
  const errors: Record<string, string> = {};
  const seen = new Set<string>();
  drafts.forEach((d, i) => {
    const at = `questions.${i}`;
    const id = d.id.trim();
    if (!id) errors[`${at}.id`] = t('required');
    else if (seen.has(id)) errors[`${at}.id`] = t('duplicateId');
    seen.add(id);
    if (!d.labelRu.trim()) errors[`${at}.label.ru`] = t('required');
    if (!d.labelEn.trim()) errors[`${at}.label.en`] = t('required');
    if (d.kind !== 'choice') return;
    if (d.options.length < 2) errors[`${at}.options`] = t('needsOptions');
    d.options.forEach((o, j) => {
      if (!o.ru.trim()) errors[`${at}.options.${j}.ru`] = t('required');
      if (!o.en.trim()) errors[`${at}.options.${j}.en`] = t('required');
    });
  });
  return errors;
}
