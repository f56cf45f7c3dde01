import type { Viewer } from '../accounts/index.js';
import type { Db } from '../db/index.js';
import type { PersonRepository } from './person-repository.js';

/** A record's name in both languages: an incident's title, a person's name, a facility, an item's file name. */
export interface RecordTitle {
  ru: string;
  en: string;
}

/** The ids an audit entry can name by title; other ids (parts of incidents, links) are shown by their kind. */
const TITLED = /^(inc|per|fac|itm|usr|cmp)_[0-9a-z]{16}$/;

export function titledIds(value: unknown, into: Set<string>): void {
  if (typeof value === 'string') {
    if (TITLED.test(value)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) titledIds(v, into);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) titledIds(v, into);
  }
}

/**
 * Titles for the records an audit page names, read after the trail left out what the viewer may not see:
 * a hidden incident or item never reaches here, and a hidden person is asked of `labels`, which answers only
 * for those the viewer may see. Deleted incidents and facilities keep their titles: the trail is their history.
 */
export class AuditTitles {
  constructor(
    private readonly db: Db,
    private readonly people: PersonRepository,
  ) {}

  async of(viewer: Viewer, ids: string[], actTypeIds: string[] = []): Promise<Map<string, RecordTitle>> {
    const of = (prefix: string) => ids.filter((id) => id.startsWith(`${prefix}_`));
    const titles = new Map<string, RecordTitle>();
    const both = (id: string, ru: string, en: string) => titles.set(id, { ru: ru || en, en: en || ru });
    const incidents = of('inc');
    if (incidents.length > 0)
      for (const r of await this.db.selectFrom('incidents').select(['id', 'title_ru', 'title_en']).where('id', 'in', incidents).execute())
        both(r.id, r.title_ru, r.title_en);
    const facilities = of('fac');
    if (facilities.length > 0)
      for (const r of await this.db.selectFrom('facilities').select(['id', 'name_ru', 'name_en']).where('id', 'in', facilities).execute())
        both(r.id, r.name_ru, r.name_en);
    for (const [id, label] of await this.people.labels(of('per'), viewer)) both(id, label.name, label.name);
    const items = of('itm');
    const withSources = new Set<string>();
    if (items.length > 0)
      for (const r of await this.db
        .selectFrom('item_sources')
        .select(['item_id', 'file_path', 'entry_path'])
        .where('item_id', 'in', items)
        .orderBy('found_at')
        .orderBy('id')
        .execute()) {
        // Named only by where it was found on its own: the name it bears inside an archive may be in an archive
        // hidden from this reader (an item can sit in several), and that name is evidence of what the archive holds.
        withSources.add(r.item_id);
        if (titles.has(r.item_id) || r.entry_path !== null) continue;
        const name = fileName(r.file_path);
        both(r.item_id, name, name);
      }
    for (const id of withSources) if (!titles.has(id)) titles.set(id, { ru: 'файл из архива', en: 'a file from an archive' });
    const users = of('usr');
    if (users.length > 0)
      for (const r of await this.db.selectFrom('users').select(['id', 'username', 'display_name']).where('id', 'in', users).execute())
        both(r.id, r.display_name || r.username, r.display_name || r.username);
    const compartments = of('cmp');
    if (compartments.length > 0)
      for (const r of await this.db.selectFrom('compartments').select(['id', 'name']).where('id', 'in', compartments).execute()) both(r.id, r.name, r.name);
    if (actTypeIds.length > 0)
      for (const r of await this.db.selectFrom('act_types').select(['id', 'label_ru', 'label_en']).where('id', 'in', actTypeIds).execute())
        both(r.id, r.label_ru, r.label_en);
    return titles;
  }
}

function fileName(path: string): string {
  return (
    path
      .split(/[/\\!]/)
      .filter(Boolean)
      .pop() ?? path
  );
}
