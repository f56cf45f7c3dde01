import { IntakeError } from './intake-errors.js';
import type { IntakeRepository } from './intake-repository.js';

export interface Localised {
  ru: string;
  en: string;
}

export interface IntakeQuestion {
  id: string;
  kind: 'text' | 'long-text' | 'choice';
  label: Localised;
  help?: Localised;
  options?: Localised[];
  required: boolean;
  /** Kept in the intake: shown to those who work it, never carried into an incident or shown with an imported item. */
  private?: boolean;
}

export const DEFAULT_QUESTIONS: IntakeQuestion[] = [
  { id: 'facility', kind: 'text', required: false, label: { ru: 'Учреждение (колония, СИЗО, больница)', en: 'Facility (prison, remand centre, hospital)' } },
  {
    id: 'dates',
    kind: 'text',
    required: false,
    label: { ru: 'Когда это происходило', en: 'When it happened' },
    help: { ru: 'Месяц и год достаточно.', en: 'A month and year is enough.' },
  },
  { id: 'shows', kind: 'long-text', required: false, label: { ru: 'Что видно на файлах', en: 'What the files show' } },
  {
    id: 'contact',
    kind: 'long-text',
    required: false,
    private: true,
    label: { ru: 'Как с вами безопасно связаться (необязательно)', en: 'How to reach you safely (optional)' },
    help: {
      ru: 'Можно оставить пустым: вы всегда можете прочитать наши ответы здесь по кодовому имени.',
      en: 'You may leave this empty: you can always read our replies here with your codename.',
    },
  },
];

/**
 * A questionnaire saved before questions could be kept in the intake: its "how to reach you" question (the
 * default's id) is kept there, as the default's is, until an administrator says otherwise.
 */
export function withPrivateDefault(question: IntakeQuestion): IntakeQuestion {
  return question.private === undefined && question.id === CONTACT_QUESTION ? { ...question, private: true } : question;
}

const CONTACT_QUESTION = 'contact';
const MAX_QUESTIONS = 40;
const MAX_ANSWER = 20_000;

const PENDING_RESEAL = 'questionnaire-private-pending-reseal';

/** The questions admins configure; kept as plain settings (they are the organisation's, not a source's). */
export class Questionnaire {
  constructor(private readonly repo: IntakeRepository) {}

  async questions(): Promise<IntakeQuestion[]> {
    const stored = await this.repo.setting('questionnaire');
    return stored ? (JSON.parse(stored) as IntakeQuestion[]).map(withPrivateDefault) : DEFAULT_QUESTIONS;
  }

  /**
   * The questions whose answers are kept in the intake now (see IntakeQuestion.private), and those that were until
   * the kept copies of answers were last sealed again without them: a question deleted or made public before that
   * must not bring its answers back.
   */
  async privateIds(): Promise<Set<string>> {
    return new Set([...(await this.currentlyPrivate()), ...(await this.pendingReseal())]);
  }

  /** Ids no longer private whose answers may still be in a kept copy, until `resealed` is told of them. */
  async pendingReseal(): Promise<Set<string>> {
    const stored = await this.repo.setting(PENDING_RESEAL);
    return new Set(stored ? (JSON.parse(stored) as string[]) : []);
  }

  /** Every kept copy was sealed again without the answers to these questions. */
  async resealed(ids: ReadonlySet<string>): Promise<void> {
    const left = [...(await this.pendingReseal())].filter((id) => !ids.has(id));
    await this.repo.putSetting(PENDING_RESEAL, JSON.stringify(left));
  }

  private async currentlyPrivate(): Promise<Set<string>> {
    return new Set((await this.questions()).filter((q) => q.private === true).map((q) => q.id));
  }

  async replace(questions: IntakeQuestion[]): Promise<IntakeQuestion[]> {
    if (questions.length > MAX_QUESTIONS) throw new IntakeError(400, 'too-many', `At most ${MAX_QUESTIONS} questions.`);
    const ids = new Set<string>();
    for (const q of questions) {
      if (!/^[a-z0-9-]{1,40}$/.test(q.id)) throw new IntakeError(400, 'bad-id', `Question id "${q.id}" must be 1–40 lower-case letters, digits or hyphens.`);
      if (ids.has(q.id)) throw new IntakeError(400, 'duplicate-id', `Two questions have the id "${q.id}".`);
      ids.add(q.id);
      if (!q.label.ru.trim() || !q.label.en.trim()) throw new IntakeError(400, 'empty-label', `Question "${q.id}" needs a label in Russian and English.`);
      if (q.kind === 'choice' && (!q.options || q.options.length < 2))
        throw new IntakeError(400, 'few-options', `Choice question "${q.id}" needs at least two options.`);
    }
    const before = await this.currentlyPrivate();
    await this.repo.putSetting('questionnaire', JSON.stringify(questions));
    const now = new Set(
      questions
        .map(withPrivateDefault)
        .filter((q) => q.private === true)
        .map((q) => q.id),
    );
    const unkept = [...before].filter((id) => !now.has(id));
    if (unkept.length > 0) await this.repo.putSetting(PENDING_RESEAL, JSON.stringify([...new Set([...(await this.pendingReseal()), ...unkept])]));
    return questions;
  }

  /** The answers a form sent, checked against the questions: `{ questionId: answer }`. */
  /** The form's answers, checked against `questions` (one read of the questionnaire, the one sealed with them). */
  validate(form: Record<string, unknown>, questions: IntakeQuestion[]): Record<string, string> {
    const answers: Record<string, string> = {};
    for (const q of questions) {
      const raw = form[`q-${q.id}`];
      const value = typeof raw === 'string' ? raw.trim() : '';
      if (value.length > MAX_ANSWER) throw new IntakeError(400, 'answer-too-long', `An answer may be at most ${MAX_ANSWER} characters.`);
      if (q.required && value === '') throw new IntakeError(400, 'answer-required', `Please answer: ${q.label.en} / ${q.label.ru}`);
      if (q.kind === 'choice' && value !== '' && !q.options?.some((o) => o.en === value || o.ru === value)) {
        throw new IntakeError(400, 'bad-choice', `Please choose one of the options for: ${q.label.en} / ${q.label.ru}`);
      }
      if (value !== '') answers[q.id] = value;
    }
    return answers;
  }
}
