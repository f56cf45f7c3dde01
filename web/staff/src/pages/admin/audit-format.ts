import type { AuditEntry } from '../../../../../src/cases/index.js';
import { en, type MessageKey } from '../../i18n/en.js';
import type { Words } from '../../i18n/translate.js';

/** A piece of a sentence: words, or a record's title linked to its page. */
export interface Segment {
  text: string;
  to?: string;
}

/** One changed or named field of an entry: its label and its value in words ("Compartment: none → Closed"). */
export interface DetailLine {
  label: string;
  value: Segment[];
}

/** An entry as a reader sees it: who did what to which record, and the details in words. */
export interface AuditLine {
  who: Segment[];
  action: string;
  record: Segment[];
  details: DetailLine[];
}

/** Every action the server writes (src/**: audit.record), each with a message `auditAction_<action>`. */
export const AUDIT_ACTIONS = [
  'created',
  'updated',
  'deleted',
  'restored',
  'restricted',
  'released',
  'viewed-restricted',
  'listed-restricted',
  'exported-csv',
  'imported-csv',
  'act-added',
  'act-updated',
  'act-deleted',
  'intervention-added',
  'intervention-updated',
  'intervention-deleted',
  'evidence-linked',
  'evidence-unlinked',
  'incidents-linked',
  'incidents-unlinked',
  'marked-duplicates',
  'user-created',
  'user-updated',
  'login',
  'login-failed',
  'login-slowed',
  'second-factor-enrolled',
  'second-factor-failed',
  'compartment-members-set',
  'assigned',
  'unassigned',
  'status-changed',
  'labelled',
  'commented',
  'tagged',
] as const;

export const AUDIT_RECORD_TYPES = ['incident', 'person', 'facility', 'item', 'submission', 'user', 'compartment', 'act-type'] as const;

const PAGE_OF: Record<string, (id: string) => string> = {
  inc: (id) => `incidents/${id}`,
  per: (id) => `people/${id}`,
  fac: (id) => `facilities/${id}`,
  itm: (id) => `vault/${id}`,
  sub: (id) => `intake/${id}`,
  usr: () => 'admin/users',
  cmp: () => 'admin/compartments',
};

const ID = /^[a-z]{3}_[0-9a-z]{16}$/;

/** A message when the catalogue has one, else the code itself (an action written by a newer server). */
function message(words: Words, key: string, fallback: string): string {
  return key in en ? words.t(key as MessageKey) : fallback;
}

export function actionLabel(words: Words, action: string): string {
  return message(words, `auditAction_${action}`, action);
}

export function recordTypeLabel(words: Words, type: string): string {
  return message(words, `auditRecord_${type}`, type);
}

/** A record by its title, linked to its page; one without a title the reader may see, by its kind alone. */
function titled(words: Words, entry: AuditEntry, id: string, kind?: string): Segment {
  const title = entry.titles[id];
  const page = PAGE_OF[id.slice(0, 3)];
  if (title) return { text: words.lang === 'ru' ? title.ru : title.en, ...(page ? { to: page(id) } : {}) };
  if (entry.recordType === 'act-type' && id === entry.recordId) return { text: id };
  // A submission has no title outside the intake (its day is there, not in the trail): a link to it, without its id.
  if (id.startsWith('sub_') && page) return { text: words.t('auditOpenSubmission'), to: page(id) };
  return { text: words.t(kind === 'person' ? 'auditPersonUnknown' : 'auditRecordGone') };
}

function valueOf(words: Words, entry: AuditEntry, key: string, value: unknown): Segment[] {
  if (value === null || value === undefined || value === '')
    return [{ text: key === 'compartmentId' || key === 'from' || key === 'to' ? words.t('auditNoCompartment') : words.t('none') }];
  if (typeof value === 'boolean') return [{ text: words.t(value ? 'yes' : 'no') }];
  if (typeof value === 'number') return [{ text: value.toLocaleString(words.lang === 'ru' ? 'ru-RU' : 'en-GB') }];
  if (typeof value === 'string') {
    if (ID.test(value)) return [titled(words, entry, value, key === 'victim' ? 'person' : undefined)];
    if (key === 'role') return [{ text: words.term('role', value) }];
    if (key === 'verdict') return [{ text: message(words, `auditVerdict_${value}`, value) }];
    if (key === 'actType') return [{ text: entry.titles[value] ? (words.lang === 'ru' ? entry.titles[value].ru : entry.titles[value].en) : value }];
    return [{ text: value }];
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return [{ text: words.t('none') }];
    return value.flatMap((v, i) => [...(i > 0 ? [{ text: ', ' }] : []), ...valueOf(words, entry, key, v)]);
  }
  return [{ text: '…' }];
}

function fieldLabel(words: Words, key: string): string {
  return message(words, `auditField_${key}`, key);
}

/** The detail as lines of words: a change of compartment as "none → Closed", what a changed act was before, the ids as titles. */
export function detailLines(words: Words, entry: AuditEntry): DetailLine[] {
  const detail = entry.detail;
  const lines: DetailLine[] = [];
  const skip = new Set(['part']);
  if ('from' in detail && 'to' in detail && entry.action === 'restricted') {
    lines.push({
      label: fieldLabel(words, 'compartmentId'),
      value: [...valueOf(words, entry, 'from', detail.from), { text: ' → ' }, ...valueOf(words, entry, 'to', detail.to)],
    });
    skip.add('from').add('to');
  }
  for (const [key, value] of Object.entries(detail)) {
    if (skip.has(key)) continue;
    if (key === 'before' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value))
        lines.push({ label: words.t('auditBefore', { field: fieldLabel(words, k) }), value: valueOf(words, entry, k, v) });
      continue;
    }
    lines.push({ label: fieldLabel(words, key), value: valueOf(words, entry, key, value) });
  }
  return lines;
}

/** Who did what to which record, in the reader's words. */
export function auditLine(words: Words, entry: AuditEntry): AuditLine {
  const who: Segment[] = entry.userId ? [titled(words, entry, entry.userId)] : [{ text: words.t('auditSystem') }];
  const type = recordTypeLabel(words, entry.recordType);
  const record: Segment[] =
    entry.recordId === null
      ? [{ text: words.t('auditManyRecords', { type }) }]
      : [{ text: `${type}: ` }, titled(words, entry, entry.recordId, entry.recordType)];
  return { who, action: actionLabel(words, entry.action), record, details: detailLines(words, entry) };
}
