import type { IncidentInput } from '../../../../../src/cases/index.js';
import type { IntakeAnswer } from '../../../../../src/inbox/index.js';
import { en } from '../../i18n/en.js';
import { ru } from '../../i18n/ru.js';

const MONTHS: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  янв: 1,
  фев: 2,
  мар: 3,
  апр: 4,
  май: 5,
  мая: 5,
  июн: 6,
  июл: 7,
  авг: 8,
  сен: 9,
  окт: 10,
  ноя: 11,
  дек: 12,
};

const pad = (n: number) => String(n).padStart(2, '0');

/** The date a source wrote ("2024-03-05", "05.03.2024", "03.2024", "март 2024", "2024"), as precise as it is; null when none is found. */
export function dateFromAnswer(text: string): { dateStart: string; datePrecision: 'day' | 'month' | 'year' } | null {
  let m = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
  if (m) return { dateStart: `${m[1]}-${m[2]}-${m[3]}`, datePrecision: 'day' };
  m = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/.exec(text);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { dateStart: `${m[3]}-${pad(Number(m[2]))}-${pad(Number(m[1]))}`, datePrecision: 'day' };
  m = /\b(\d{4})-(\d{2})\b/.exec(text) ?? null;
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return { dateStart: `${m[1]}-${m[2]}`, datePrecision: 'month' };
  m = /\b(\d{1,2})[./](\d{4})\b/.exec(text);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) return { dateStart: `${m[2]}-${pad(Number(m[1]))}`, datePrecision: 'month' };
  m = /([a-zа-яё]{3,})\.?\s+(\d{4})/i.exec(text);
  const month = m ? MONTHS[m[1]!.toLowerCase().slice(0, 3)] : undefined;
  if (m && month) return { dateStart: `${m[2]}-${pad(month)}`, datePrecision: 'month' };
  m = /\b(1[89]\d{2}|2\d{3})\b/.exec(text);
  if (m) return { dateStart: m[1]!, datePrecision: 'year' };
  return null;
}

/**
 * A new incident filled in from a submission: a title naming its day, every answer (but how to reach the source)
 * in the description under its question in each language, the facility when the answer names a known one (else
 * the place), and the date when the answer holds one.
 */
export function incidentFromSubmission(
  day: string,
  answers: IntakeAnswer[],
  facilities: { id: string; nameRu: string; nameEn: string }[],
  empty: IncidentInput,
): IncidentInput {
  // An answer kept in the intake (how to reach the source, for one) never goes into an incident.
  const carried = answers.filter((a) => !a.private && a.answer.trim() !== '');
  const lines = (lang: 'ru' | 'en') => carried.map((a) => `${a.label[lang] || a.questionId}: ${a.answer.trim()}`).join('\n');
  const input: IncidentInput = {
    ...empty,
    titleRu: ru.incidentFromSubmissionTitle.replace('{day}', day),
    titleEn: en.incidentFromSubmissionTitle.replace('{day}', day),
    descriptionRu: lines('ru'),
    descriptionEn: lines('en'),
  };
  const place = carried.find((a) => a.questionId === 'facility')?.answer.trim();
  if (place) {
    const wanted = place.toLowerCase();
    const known = facilities.find((f) => f.nameRu.toLowerCase() === wanted || f.nameEn.toLowerCase() === wanted);
    if (known) input.facilityId = known.id;
    else input.place = place.slice(0, 500);
  }
  const when = carried.find((a) => a.questionId === 'dates')?.answer;
  const date = when ? dateFromAnswer(when) : null;
  if (date) Object.assign(input, date);
  return input;
}
