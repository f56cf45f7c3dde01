import type { Viewer } from '../../accounts/index.js';
import { requirePermission } from '../case-context.js';
import { InvalidInputError } from '../../shared/index.js';
import type { AuditRepository } from '../../audit/index.js';
import type { NameScript, PersonRepository } from '../person-repository.js';
import type { PeopleList, PeopleSort } from '../case-views.js';
import type { LiveSearchIndex } from './live-index.js';
import type { ValueOrder } from './memory-index.js';
import type { SearchIndexSource } from './search-index-source.js';
import { NO_FILTERS, type FacetCount, type IncidentSort } from './search-repository.js';
import type { IncidentTagRepository } from '../incident-tag-repository.js';
import { RestrictedListings } from './restricted-listings.js';
import { queryTerms } from './terms.js';

export interface IncidentSearch {
  q?: string;
  facility?: string[];
  region?: string[];
  actType?: string[];
  year?: number[];
  intervention?: string[];
  hasEvidence?: boolean;
  tag?: string[];
  sort?: IncidentSort;
  /** The reader's language: which title, and whose alphabet, a sort by title, facility or region follows. */
  lang?: 'ru' | 'en';
  limit?: number;
  offset?: number;
}

export interface IncidentSearchResult {
  total: number;
  hits: Array<{
    id: string;
    titleRu: string;
    titleEn: string;
    dateStart: string | null;
    datePrecision: string;
    facility: { id: string; nameRu: string; nameEn: string; region: string } | null;
    restricted: boolean;
    tags: string[];
    score: number;
  }>;
  facets: Record<string, FacetCount[]>;
}

const MAX_QUERY_WORDS = 12;
/** Titles are not kept in memory: a sort by title reads the titles of at most this many matching incidents. */
export const MAX_TITLE_SORT = 20_000;
/** Names are read, not kept in memory, to sort people by name: at most this many. */
export const MAX_NAME_SORT = 20_000;

const sorted = (values: string[] | undefined): string[] => [...(values ?? [])].sort();

/** Full-text search with facets over what the viewer may see, the same on SQLite and PostgreSQL. */
export class SearchService {
  constructor(
    private readonly persons: PersonRepository,
    private readonly audit: AuditRepository,
    private readonly live: LiveSearchIndex,
    private readonly source: SearchIndexSource,
    private readonly tags: IncidentTagRepository,
    private readonly listings = new RestrictedListings(),
  ) {}

  /** Loads the in-memory index now rather than at the first search; resolves with the seconds it took. */
  async warm(): Promise<number> {
    const started = Date.now();
    await this.live.index();
    return (Date.now() - started) / 1000;
  }

  async incidents(viewer: Viewer, request: IncidentSearch): Promise<IncidentSearchResult> {
    requirePermission(viewer, 'read');
    const words = queryTerms(request.q ?? '').slice(0, MAX_QUERY_WORDS);
    const sort = request.sort ?? (words.length > 0 ? 'relevance' : 'date-desc');
    const index = await this.live.index();
    const filters = {
      facilityIds: sorted(request.facility),
      regions: sorted(request.region),
      actTypeIds: sorted(request.actType),
      years: [...(request.year ?? [])].sort((a, b) => a - b),
      interventionKinds: sorted(request.intervention),
      hasEvidence: request.hasEvidence ?? null,
      tags: sorted(request.tag),
    };
    const limit = request.limit ?? 25;
    const offset = request.offset ?? 0;
    const collator = new Intl.Collator(request.lang === 'en' ? 'en' : 'ru', { sensitivity: 'base', numeric: true });
    const byTitle = sort === 'title-asc' || sort === 'title-desc';
    const page = byTitle
      ? { sort, limit: MAX_TITLE_SORT + 1, offset: 0 }
      : {
          sort,
          limit,
          offset,
          values: sort.startsWith('facility') || sort.startsWith('region') ? await this.valueOrder(sort, collator, request.lang) : undefined,
        };
    const found = index.search(viewer, { words, ...filters }, page);
    const { total, facets } = found;
    let ids = found.ids;
    if (byTitle) {
      if (total > MAX_TITLE_SORT) throw new InvalidInputError('sort', `narrow the search to ${MAX_TITLE_SORT} incidents or fewer to sort them by title`);
      ids = await this.byTitle(ids, collator, request.lang, sort === 'title-desc', offset, limit);
    }
    const rows = new Map((await this.source.pageRows(ids.map((h) => h.id))).map((r) => [r.id, r]));
    const tags = await this.tags.ofMany(ids.map((h) => h.id));
    const hits = ids.flatMap(({ id, score }) => {
      const h = rows.get(id);
      if (!h) return [];
      return [
        {
          id: h.id,
          titleRu: h.title_ru,
          titleEn: h.title_en,
          dateStart: h.date_start,
          datePrecision: h.date_precision,
          facility: h.facility_id ? { id: h.facility_id, nameRu: h.facility_ru ?? '', nameEn: h.facility_en ?? '', region: h.region ?? '' } : null,
          restricted: h.compartment_id !== null,
          tags: tags.get(h.id) ?? [],
          score,
        },
      ];
    });
    // Logged once per search (see RestrictedListings), not on every view of its list.
    const search = { words, ...filters };
    await this.listings.logOnce(
      viewer.userId,
      search,
      hits.filter((h) => h.restricted).map((h) => h.id),
      (restricted) =>
        this.audit.record({ userId: viewer.userId, action: 'listed-restricted', recordType: 'incident', recordId: null, detail: { incidents: restricted } }),
    );
    return { total, hits, facets };
  }

  /** The tags on live incidents the viewer may see, each with how many it is on, most used first. */
  async tagCounts(viewer: Viewer): Promise<FacetCount[]> {
    requirePermission(viewer, 'read');
    const index = await this.live.index();
    return index.search(viewer, NO_FILTERS, { sort: 'date-desc', limit: 0, offset: 0 }).facets.tag ?? [];
  }

  /** Facilities by their names in the language; regions by their names as typed. */
  private async valueOrder(sort: IncidentSort, collator: Intl.Collator, lang: 'ru' | 'en' | undefined): Promise<ValueOrder> {
    const names = sort.startsWith('facility')
      ? new Map((await this.source.facilityNames()).map((f) => [f.id, (lang === 'en' ? f.name_en || f.name_ru : f.name_ru || f.name_en).trim()]))
      : null;
    return { key: (value) => (names ? names.get(value) : value.trim()) || null, compare: (a, b) => collator.compare(a, b) };
  }

  /** One page of `ids` in the order of their titles in the language (the other language's where one is empty); ties newest first, as given. */
  private async byTitle(
    ids: Array<{ id: string; score: number }>,
    collator: Intl.Collator,
    lang: 'ru' | 'en' | undefined,
    descending: boolean,
    offset: number,
    limit: number,
  ): Promise<Array<{ id: string; score: number }>> {
    const titles = await this.source.titles(ids.map((h) => h.id));
    const title = (id: string) => {
      const t = titles.get(id);
      return (lang === 'en' ? t?.en || t?.ru : t?.ru || t?.en) ?? '';
    };
    const keyed = ids.map((hit, given) => ({ hit, given, title: title(hit.id) }));
    keyed.sort((a, b) => (descending ? collator.compare(b.title, a.title) : collator.compare(a.title, b.title)) || a.given - b.given);
    return keyed.slice(offset, offset + limit).map((k) => k.hit);
  }

  /**
   * People the viewer may see, found by `q` (by relevance unless sorted) or all of them; a sort by name follows
   * the reader's alphabet. Without a sort or query, the first names in the database's order, as before.
   */
  async people(viewer: Viewer, q: string, limit: number, offset: number, order: { sort?: PeopleSort; lang?: 'ru' | 'en' } = {}): Promise<PeopleList> {
    requirePermission(viewer, 'read');
    const words = queryTerms(q).slice(0, MAX_QUERY_WORDS);
    const script: NameScript = order.lang === 'en' ? 'Latn' : order.lang === 'ru' ? 'Cyrl' : null;
    const ids = words.length > 0 ? (await this.live.index()).searchPeople(viewer, words, 1000) : undefined;
    const sort = order.sort ?? (ids ? 'relevance' : undefined);
    if (sort === undefined) return this.persons.list(viewer, { limit, offset });
    const total = await this.persons.countVisible(viewer, ids);
    let page: string[];
    if (sort === 'relevance' || sort === 'name-asc' || sort === 'name-desc') {
      if (sort === 'relevance' && ids) page = ids.slice(offset, offset + limit);
      else page = await this.byName(viewer, ids, script, order.lang, sort === 'name-desc', offset, limit);
    } else {
      const column = sort.startsWith('born') ? 'birth_date' : 'created_at';
      page = await this.persons.pageByDate(viewer, { ids, column, descending: sort.endsWith('-desc'), limit, offset });
    }
    return { total, people: await this.persons.listRows(viewer, page, script) };
  }

  /** One page of people by the name they are listed under, in the reader's alphabet; ties by id. */
  private async byName(
    viewer: Viewer,
    ids: string[] | undefined,
    script: NameScript,
    lang: 'ru' | 'en' | undefined,
    descending: boolean,
    offset: number,
    limit: number,
  ): Promise<string[]> {
    const names = await this.persons.listedNames(viewer, { ids, script, max: MAX_NAME_SORT + 1 });
    if (names.length > MAX_NAME_SORT) throw new InvalidInputError('sort', `narrow the search to ${MAX_NAME_SORT} people or fewer to sort them by name`);
    const collator = new Intl.Collator(lang === 'en' ? 'en' : 'ru', { sensitivity: 'base', numeric: true });
    names.sort((a, b) => (descending ? collator.compare(b.name, a.name) : collator.compare(a.name, b.name)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return names.slice(offset, offset + limit).map((n) => n.id);
  }
}
