import type { Viewer } from '../../accounts/index.js';
import type { AuditRepository } from '../../audit/index.js';
import type { UnitOfWork } from '../../db/index.js';
import { InvalidInputError, NotFoundError } from '../../shared/index.js';
import { requirePermission } from '../case-context.js';
import { IncidentInput, MAX_TAGS, PersonInput, Tag } from '../case-schemas.js';
import type { BulkExport, BulkResult, IncidentPage } from '../case-views.js';
import { checkSize } from '../incident-bulk.js';
import type { IncidentService } from '../incident-service.js';
import type { IncidentTagService } from '../incident-tags.js';
import type { PersonService } from '../person-service.js';
import type { SearchService } from '../search/search-service.js';
import { cell, readCsv, schemaErrors, writeCsv, type CsvRowError } from './csv-format.js';

export const INCIDENT_COLUMNS = [
  'id',
  'title_ru',
  'title_en',
  'description_ru',
  'description_en',
  'date_start',
  'date_end',
  'date_precision',
  'facility_id',
  'place',
  'documentation_status',
  'tags',
] as const;
export const PERSON_COLUMNS = ['id', 'kinds', 'names', 'birth_date', 'notes_ru', 'notes_en'] as const;

export interface ImportResult {
  imported: number;
  errors: CsvRowError[];
}

const MAX_EXPORT = 100_000;

/**
 * Incidents and people in and out as CSV. An import checks every row first and imports nothing
 * while any row is bad, unless asked to skip the bad ones; `id` is ignored on import (rows are new records).
 */
export class CsvService {
  constructor(
    private readonly incidents: IncidentService,
    private readonly people: PersonService,
    private readonly search: SearchService,
    private readonly audit: AuditRepository,
    private readonly uow: UnitOfWork,
    private readonly tags: IncidentTagService,
  ) {}

  async exportIncidents(viewer: Viewer): Promise<string> {
    requirePermission(viewer, 'exportRecords');
    const rows: Array<Record<string, string | number | null>> = [];
    const exported: string[] = [];
    for (let offset = 0; offset < MAX_EXPORT; offset += 200) {
      const page = await this.search.incidents(viewer, { sort: 'date-asc', limit: 200, offset });
      for (const hit of page.hits) {
        rows.push(incidentRow(await this.incidents.get(viewer, hit.id)));
        exported.push(hit.id);
      }
      if (page.hits.length < 200) break;
    }
    // The ids, never a count: the trail hides from each reader the ids they may not see, and a count would tell
    // someone outside a compartment how many of its incidents went out (a security review's finding).
    await this.audit.record({ userId: viewer.userId, action: 'exported-csv', recordType: 'incident', recordId: null, detail: { incidents: exported } });
    return writeCsv(INCIDENT_COLUMNS, rows);
  }

  /**
   * The incidents asked for, in the order asked, as the whole export writes them, with what became of each: one
   * the viewer may not see is not found, like one that is not there, and is not in the file. The export is one
   * audit row naming the incidents in it (each restricted one is also a view of it, as in the whole export).
   */
  async exportSelected(viewer: Viewer, ids: string[]): Promise<BulkExport> {
    requirePermission(viewer, 'exportRecords');
    checkSize(ids);
    const rows: Array<Record<string, string | number | null>> = [];
    const results: BulkResult['results'] = [];
    for (const id of new Set(ids)) {
      try {
        rows.push(incidentRow(await this.incidents.get(viewer, id)));
        results.push({ id, outcome: 'exported' });
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
        results.push({ id, outcome: 'not-found' });
      }
    }
    const exported = results.filter((r) => r.outcome === 'exported').map((r) => r.id);
    await this.audit.record({
      userId: viewer.userId,
      action: 'exported-csv',
      recordType: 'incident',
      recordId: null,
      detail: { incidents: exported },
    });
    return { results, csv: writeCsv(INCIDENT_COLUMNS, rows) };
  }

  async exportPeople(viewer: Viewer): Promise<string> {
    requirePermission(viewer, 'exportRecords');
    const rows: Array<Record<string, string | number | null>> = [];
    for (let offset = 0; offset < MAX_EXPORT; offset += 200) {
      const page = await this.search.people(viewer, '', 200, offset);
      for (const { id } of page.people) {
        const p = await this.people.get(viewer, id);
        rows.push({
          id: p.id,
          kinds: p.kinds.join(';'),
          names: p.names.map((n) => `${n.name}|${n.kind}`).join('; '),
          birth_date: p.birthDate,
          notes_ru: p.notesRu,
          notes_en: p.notesEn,
        });
      }
      if (page.people.length < 200) break;
    }
    await this.audit.record({ userId: viewer.userId, action: 'exported-csv', recordType: 'person', recordId: null, detail: { rows: rows.length } });
    return writeCsv(PERSON_COLUMNS, rows);
  }

  async importIncidents(viewer: Viewer, text: string, skipInvalid: boolean): Promise<ImportResult> {
    requirePermission(viewer, 'importRecords');
    return this.importRows(viewer, text, INCIDENT_COLUMNS, skipInvalid, 'incident', async (values, line) => {
      const input = {
        titleRu: cell(values, 'title_ru') ?? '',
        titleEn: cell(values, 'title_en') ?? '',
        descriptionRu: cell(values, 'description_ru'),
        descriptionEn: cell(values, 'description_en'),
        dateStart: cell(values, 'date_start'),
        dateEnd: cell(values, 'date_end'),
        datePrecision: cell(values, 'date_precision') ?? 'approximate',
        facilityId: cell(values, 'facility_id'),
        place: cell(values, 'place'),
        documentationStatus: cell(values, 'documentation_status') ?? 'reported',
      };
      const tags = (cell(values, 'tags') ?? '')
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean);
      const errors = [...(await schemaErrors(IncidentInput, stripUndefined(input), line)), ...(await tagErrors(tags, line))];
      if (errors.length > 0) return { errors };
      const typed = input as IncidentInput;
      return {
        errors: [],
        check: () => this.incidents.validate(viewer, typed),
        save: async () => {
          const { id } = await this.incidents.create(viewer, typed);
          if (tags.length > 0) await this.tags.change(viewer, id, { add: tags });
        },
      };
    });
  }

  async importPeople(viewer: Viewer, text: string, skipInvalid: boolean): Promise<ImportResult> {
    requirePermission(viewer, 'importRecords');
    return this.importRows(viewer, text, PERSON_COLUMNS, skipInvalid, 'person', async (values, line) => {
      const input = {
        kinds: (cell(values, 'kinds') ?? '')
          .split(/[;,]/)
          .map((k) => k.trim())
          .filter(Boolean),
        names: (cell(values, 'names') ?? '')
          .split(';')
          .map((n) => n.trim())
          .filter(Boolean)
          .map((n) => {
            const [name, kind] = n.split('|').map((x) => x.trim());
            return { name: name ?? '', kind: kind || 'official' };
          }),
        birthDate: cell(values, 'birth_date'),
        notesRu: cell(values, 'notes_ru'),
        notesEn: cell(values, 'notes_en'),
      };
      const errors = await schemaErrors(PersonInput, stripUndefined(input), line);
      if (errors.length > 0) return { errors };
      const typed = input as PersonInput;
      return { errors: [], check: () => this.people.validate(viewer, typed), save: () => this.people.create(viewer, typed) };
    });
  }

  private async importRows(
    viewer: Viewer,
    text: string,
    columns: readonly string[],
    skipInvalid: boolean,
    recordType: string,
    prepare: (values: Record<string, string>, line: number) => Promise<{ errors: CsvRowError[]; check?: () => Promise<void>; save?: () => Promise<unknown> }>,
  ): Promise<ImportResult> {
    const { rows, errors } = readCsv(text, columns);
    if (errors.length > 0) return { imported: 0, errors };
    const ready: Array<() => Promise<unknown>> = [];
    for (const row of rows) {
      const prepared = await prepare(row.values, row.line);
      if (prepared.errors.length > 0) {
        errors.push(...prepared.errors);
        continue;
      }
      try {
        await prepared.check!();
        ready.push(prepared.save!);
      } catch (error) {
        if (!(error instanceof InvalidInputError)) throw error;
        errors.push({ line: row.line, field: error.field, message: error.message.replace(`${error.field}: `, '') });
      }
    }
    if (errors.length > 0 && !skipInvalid) return { imported: 0, errors };
    // One unit of work: a file is imported whole, with its audit row, or not at all.
    await this.uow.run(async () => {
      for (const save of ready) await save();
      await this.audit.record({
        userId: viewer.userId,
        action: 'imported-csv',
        recordType,
        recordId: null,
        detail: { imported: ready.length, skipped: errors.length },
      });
    });
    return { imported: ready.length, errors };
  }
}

/** An incident's row of the CSV file: its tags separated by semicolons. */
function incidentRow({ incident, facility, tags }: IncidentPage): Record<string, string | number | null> {
  return {
    id: incident.id,
    title_ru: incident.titleRu,
    title_en: incident.titleEn,
    description_ru: incident.descriptionRu,
    description_en: incident.descriptionEn,
    date_start: incident.dateStart,
    date_end: incident.dateEnd,
    date_precision: incident.datePrecision,
    facility_id: facility?.id ?? null,
    place: incident.place,
    documentation_status: incident.documentationStatus,
    tags: tags.join('; '),
  };
}

async function tagErrors(tags: string[], line: number): Promise<CsvRowError[]> {
  const errors: CsvRowError[] = [];
  for (const tag of tags) errors.push(...(await schemaErrors(Tag, tag, line)).map((e) => ({ ...e, field: 'tags' })));
  if (tags.length > MAX_TAGS) errors.push({ line, field: 'tags', message: `an incident has at most ${MAX_TAGS} tags` });
  return errors.slice(0, 3);
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
