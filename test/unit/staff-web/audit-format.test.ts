import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../src/cases/index.js';
import { AUDIT_ACTIONS, AUDIT_RECORD_TYPES, auditLine, type Segment } from '../../../web/staff/src/pages/admin/audit-format.js';
import { en } from '../../../web/staff/src/i18n/en.js';
import { ru } from '../../../web/staff/src/i18n/ru.js';
import { translate, translateTerm, type Lang } from '../../../web/staff/src/i18n/translate.js';

const words = (lang: Lang) => ({
  lang,
  t: (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(lang, key, vars),
  term: (group: Parameters<typeof translateTerm>[1], value: string) => translateTerm(lang, group, value),
});
const text = (segments: Segment[]) => segments.map((s) => s.text).join('');

const ADMIN = 'usr_aaaaaaaaaaaaaaaa';
const INCIDENT = 'inc_bbbbbbbbbbbbbbbb';
const COMPARTMENT = 'cmp_cccccccccccccccc';
const PERSON = 'per_dddddddddddddddd';

function entry(partial: Partial<AuditEntry>): AuditEntry {
  return {
    id: 'aud_0000000000000000',
    at: '2026-12-05T14:03:09Z',
    userId: ADMIN,
    action: 'updated',
    recordType: 'incident',
    recordId: INCIDENT,
    detail: {},
    titles: {
      [ADMIN]: { ru: 'Анна Тестова', en: 'Anna Testova' },
      [INCIDENT]: { ru: 'Избиение в карантине', en: 'Beating in quarantine' },
      [COMPARTMENT]: { ru: 'Закрытое', en: 'Закрытое' },
    },
    ...partial,
  };
}

describe('an audit entry in words', () => {
  it('names every action and kind of record in both catalogues', () => {
    for (const action of AUDIT_ACTIONS) {
      expect(en, action).toHaveProperty(`auditAction_${action}`);
      expect(ru, action).toHaveProperty(`auditAction_${action}`);
      expect(ru[`auditAction_${action}` as keyof typeof ru]).toMatch(/[А-Яа-яё]/);
    }
    for (const type of AUDIT_RECORD_TYPES) expect(ru).toHaveProperty(`auditRecord_${type}`);
  });

  it('says who did what to which record, by its title and linked to its page, in the reader’s language', () => {
    const english = auditLine(words('en'), entry({}));
    expect(text(english.who)).toBe('Anna Testova');
    expect(english.action).toBe('Edited');
    expect(english.record).toEqual([{ text: 'Incident: ' }, { text: 'Beating in quarantine', to: `incidents/${INCIDENT}` }]);
    const russian = auditLine(words('ru'), entry({ action: 'listed-restricted' }));
    expect(russian.action).toBe('Записи с ограниченным доступом в списке поиска');
    expect(text(russian.record)).toBe('Инцидент: Избиение в карантине');
  });

  it('shows a change of compartment as old → new, with names, and never raw JSON', () => {
    const line = auditLine(words('en'), entry({ action: 'restricted', detail: { from: null, to: COMPARTMENT } }));
    expect(line.details.map((d) => `${d.label}: ${text(d.value)}`)).toEqual(['Compartment: none (open to all staff) → Закрытое']);
    const before = auditLine(
      words('ru'),
      entry({ action: 'act-updated', detail: { part: 'act_eeeeeeeeeeeeeeee', before: { victim: PERSON, actType: 'beating', perpetrators: [] } } }),
    );
    expect(before.details.map((d) => `${d.label}: ${text(d.value)}`)).toEqual([
      'Пострадавший, было: человек, которого вам не видно, или никто',
      'Вид действия, было: beating',
      'Виновные, было: —',
    ]);
    for (const d of [...line.details, ...before.details]) expect(text(d.value)).not.toMatch(/[{}"]|_[0-9a-z]{16}/);
  });

  it('names a user’s role and a verdict in words, and an entry about many records by their kind', () => {
    const created = auditLine(
      words('ru'),
      entry({ action: 'user-created', recordType: 'user', recordId: ADMIN, detail: { username: 'anna', role: 'investigator' } }),
    );
    expect(created.details.map((d) => `${d.label}: ${text(d.value)}`)).toEqual(['Имя пользователя: anna', 'Роль: следователь']);
    expect(created.record[1]).toEqual({ text: 'Анна Тестова', to: 'admin/users' });
    const csv = auditLine(words('en'), entry({ action: 'exported-csv', recordId: null, detail: { rows: 1200 } }));
    expect(text(csv.record)).toBe('Incident: several');
    expect(text(csv.details[0]!.value)).toBe('1,200');
    expect(text(auditLine(words('en'), entry({ userId: null })).who)).toBe('Vigil itself');
  });

  it('shows a record whose title the reader may not have by its kind alone, with no id and no link', () => {
    const line = auditLine(words('en'), entry({ recordId: 'inc_zzzzzzzzzzzzzzzz' }));
    expect(line.record).toEqual([{ text: 'Incident: ' }, { text: 'a record no longer there' }]);
  });
});
