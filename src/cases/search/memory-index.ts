import type { Viewer } from '../../accounts/index.js';
import { PostingStore } from './postings.js';
import type { IncidentFacetRow, SearchIndexSource } from './search-index-source.js';
import type { FacetCount, IncidentFilters, IncidentSort } from './search-repository.js';

/** Small integers for repeated strings (facility ids, regions, act types…), and back. */
class Dictionary {
  private readonly codes = new Map<string, number>();
  readonly values: string[] = [];
  code(value: string): number {
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.codes.set(value, code);
      this.values.push(value);
    }
    return code;
  }
  find(value: string): number | undefined {
    return this.codes.get(value);
  }
}

const NONE = -1;

/** How a sort by facility or region orders their values: each value's key (null: none, last), compared. */
export interface ValueOrder {
  key: (value: string) => string | null;
  compare: (a: string, b: string) => number;
}

/**
 * Incident and people search, served from memory. The database keeps the durable index (`search_terms`)
 * and the records; this process loads them once into posting lists and per-incident facet values,
 * then answers a query in one pass over the matching incidents: visibility, filters and every facet
 * count together. Writes made through this process update it (`refresh`). Ordering and ties are
 * defined here, so SQLite and PostgreSQL give the same results.
 */
export class MemoryIndex {
  private readonly ids: string[] = [];
  private readonly position = new Map<string, number>();
  private readonly compartment: number[] = [];
  private readonly deleted: boolean[] = [];
  private readonly facility: number[] = [];
  private readonly region: number[] = [];
  private readonly year: number[] = [];
  private readonly dateKey: number[] = [];
  private readonly updated: string[] = [];
  private readonly actTypes: number[][] = [];
  private readonly interventions: number[][] = [];
  private readonly evidence: boolean[] = [];
  private readonly tags: number[][] = [];

  private readonly compartments = new Dictionary();
  private readonly facilities = new Dictionary();
  private readonly regions = new Dictionary();
  private readonly types = new Dictionary();
  private readonly kinds = new Dictionary();
  private readonly tagNames = new Dictionary();

  private readonly postings = new PostingStore();

  /** People: their posting lists, compartments and whether they are deleted. */
  private readonly people = new PostingStore();
  private readonly personIds: string[] = [];
  private readonly personPosition = new Map<string, number>();
  private readonly personCompartment: number[] = [];
  private readonly personDeleted: boolean[] = [];

  private constructor(private readonly source: SearchIndexSource) {}

  static async load(source: SearchIndexSource): Promise<MemoryIndex> {
    const index = new MemoryIndex(source);
    for await (const page of source.incidents()) for (const row of page) index.setFacets(row);
    for await (const page of source.terms('incident')) {
      for (const row of page) {
        const doc = index.position.get(row.doc_id);
        if (doc !== undefined) index.postings.add(row.term, doc, row.weight);
      }
    }
    index.postings.flush();
    for await (const page of source.people()) for (const row of page) index.setPerson(row);
    for await (const page of source.terms('person')) {
      for (const row of page) {
        const doc = index.personPosition.get(row.doc_id);
        if (doc !== undefined) index.people.add(row.term, doc, row.weight);
      }
    }
    index.people.flush();
    return index;
  }

  get size(): number {
    return this.ids.length;
  }

  /** Reloads one incident after a write: its facet values and its terms. */
  async refresh(id: string): Promise<void> {
    const row = await this.source.incident(id);
    if (!row) return;
    const doc = this.setFacets(row);
    this.postings.replace(doc, row.deleted ? [] : await this.source.termsOf('incident', id));
  }

  async refreshPerson(id: string): Promise<void> {
    const row = await this.source.person(id);
    if (!row) return;
    const doc = this.setPerson(row);
    this.people.replace(doc, row.deleted ? [] : await this.source.termsOf('person', id));
  }

  /** People the viewer may see whose terms match every word, best first (ties by id). */
  searchPeople(viewer: Viewer, words: string[][], limit: number): string[] {
    const scores = new Float64Array(this.personIds.length);
    const visible = this.visibleCodes(viewer);
    const matched = this.people.match(words, this.personIds.length, scores).filter((doc) => {
      const compartment = this.personCompartment[doc]!;
      return !this.personDeleted[doc] && (compartment === NONE || visible.has(compartment));
    });
    const compare = (a: number, b: number) => scores[b]! - scores[a]! || (this.personIds[a]! < this.personIds[b]! ? -1 : 1);
    const top = matched.length <= limit * 4 ? matched.sort(compare).slice(0, limit) : selectTop(matched, limit, compare);
    return top.map((doc) => this.personIds[doc]!);
  }

  search(
    viewer: Viewer,
    filters: IncidentFilters,
    page: { sort: IncidentSort; limit: number; offset: number; values?: ValueOrder },
  ): { total: number; ids: Array<{ id: string; score: number }>; facets: Record<string, FacetCount[]> } {
    const n = this.ids.length;
    const scores = new Float64Array(n);
    const candidates: Iterable<number> = filters.words.length > 0 ? this.postings.match(filters.words, n, scores) : range(n);
    const visible = this.visibleCodes(viewer);
    const want = {
      facility: codes(this.facilities, filters.facilityIds),
      region: codes(this.regions, filters.regions),
      actType: codes(this.types, filters.actTypeIds),
      year: filters.years.length > 0 ? new Set(filters.years) : null,
      kind: codes(this.kinds, filters.interventionKinds),
      tag: codes(this.tagNames, filters.tags),
    };
    const counts = {
      facility: new Map<number, number>(),
      region: new Map<number, number>(),
      actType: new Map<number, number>(),
      year: new Map<number, number>(),
      intervention: new Map<number, number>(),
      hasEvidence: new Map<number, number>(),
      tag: new Map<number, number>(),
    };
    const matched: number[] = [];
    for (const doc of candidates) {
      if (this.deleted[doc]) continue;
      const compartment = this.compartment[doc]!;
      if (compartment !== NONE && !visible.has(compartment)) continue;
      if (want.facility && !want.facility.has(this.facility[doc]!)) continue;
      if (want.region && !want.region.has(this.region[doc]!)) continue;
      if (want.year && !want.year.has(this.year[doc]!)) continue;
      if (want.actType && !this.actTypes[doc]!.some((t) => want.actType!.has(t))) continue;
      if (want.kind && !this.interventions[doc]!.some((k) => want.kind!.has(k))) continue;
      if (filters.hasEvidence !== null && this.evidence[doc] !== filters.hasEvidence) continue;
      if (want.tag && !this.tags[doc]!.some((t) => want.tag!.has(t))) continue;
      matched.push(doc);
      bump(counts.facility, this.facility[doc]!);
      bump(counts.region, this.region[doc]!);
      bump(counts.year, this.year[doc]!);
      for (const t of this.actTypes[doc]!) bump(counts.actType, t);
      for (const k of this.interventions[doc]!) bump(counts.intervention, k);
      bump(counts.hasEvidence, this.evidence[doc] ? 1 : 0);
      for (const t of this.tags[doc]!) bump(counts.tag, t);
    }
    const wanted = page.offset + page.limit;
    const sort = page.sort === 'relevance' && filters.words.length === 0 ? 'date-desc' : page.sort;
    const top = this.order(matched, scores, sort, wanted, page.values).slice(page.offset, wanted);
    return {
      total: matched.length,
      ids: top.map((doc) => ({ id: this.ids[doc]!, score: scores[doc]! })),
      facets: {
        facility: facetList(counts.facility, (c) => this.facilities.values[c]),
        region: facetList(counts.region, (c) => this.regions.values[c]),
        actType: facetList(counts.actType, (c) => this.types.values[c]),
        year: facetList(counts.year, (c) => (c === NONE ? undefined : String(c))),
        intervention: facetList(counts.intervention, (c) => this.kinds.values[c]),
        hasEvidence: facetList(counts.hasEvidence, (c) => (c === 1 ? 'yes' : 'no')),
        tag: facetList(counts.tag, (c) => this.tagNames.values[c]),
      },
    };
  }

  private visibleCodes(viewer: Viewer): Set<number> {
    const visible = new Set<number>();
    for (const c of viewer.compartments) {
      const code = this.compartments.find(c);
      if (code !== undefined) visible.add(code);
    }
    return visible;
  }

  /**
   * The first `wanted` incidents in the asked order: relevance (then date), date (newest or oldest
   * first, undated last), last change, or facility or region by `rank` of their id or name (those
   * without one last, then newest first); ties by id. Titles are ordered by the caller (newest first here).
   */
  private order(docs: number[], scores: Float64Array, sort: IncidentSort, wanted: number, values?: ValueOrder): number[] {
    const dated = (doc: number, newestFirst: boolean) => {
      const key = this.dateKey[doc]!;
      return key === NONE ? Number.NEGATIVE_INFINITY : newestFirst ? key : -key;
    };
    const byValue = sort.startsWith('facility')
      ? this.valueRanks(this.facilities, this.facility, values)
      : sort.startsWith('region')
        ? this.valueRanks(this.regions, this.region, values)
        : null;
    const descending = sort.endsWith('-desc');
    const compare = (a: number, b: number): number => {
      let d: number;
      if (sort === 'relevance') d = scores[b]! - scores[a]! || dated(b, true) - dated(a, true);
      else if (sort === 'date-asc') d = dated(b, false) - dated(a, false);
      else if (sort === 'updated-desc') d = this.updated[b]! < this.updated[a]! ? -1 : this.updated[b]! > this.updated[a]! ? 1 : 0;
      else if (byValue) {
        const ra = byValue(a);
        const rb = byValue(b);
        d =
          (ra === Infinity || rb === Infinity ? (ra === rb ? 0 : ra === Infinity ? 1 : -1) : descending ? rb - ra : ra - rb) || dated(b, true) - dated(a, true);
      } else d = dated(b, true) - dated(a, true);
      return d || (this.ids[a]! < this.ids[b]! ? -1 : 1);
    };
    if (docs.length <= wanted * 4) return docs.sort(compare);
    return selectTop(docs, wanted, compare);
  }

  /** Each document's place by its value in one dictionary (a facility id, a region): Infinity for none. */
  private valueRanks(dictionary: Dictionary, column: number[], order: ValueOrder | undefined): (doc: number) => number {
    const keys = dictionary.values.map((value) => (order ? order.key(value) : value));
    const codes = keys.flatMap((key, code) => (key === null ? [] : [code])).sort((a, b) => (order ? order.compare(keys[a]!, keys[b]!) : 0) || a - b);
    const byCode = new Float64Array(keys.length).fill(Infinity);
    codes.forEach((code, place) => (byCode[code] = place));
    return (doc) => {
      const code = column[doc]!;
      return code === NONE ? Infinity : byCode[code]!;
    };
  }

  private setPerson(row: { id: string; compartment_id: string | null; deleted: boolean }): number {
    let doc = this.personPosition.get(row.id);
    if (doc === undefined) {
      doc = this.personIds.length;
      this.personIds.push(row.id);
      this.personPosition.set(row.id, doc);
    }
    this.personCompartment[doc] = row.compartment_id === null ? NONE : this.compartments.code(row.compartment_id);
    this.personDeleted[doc] = row.deleted;
    return doc;
  }

  private setFacets(row: IncidentFacetRow): number {
    let doc = this.position.get(row.id);
    if (doc === undefined) {
      doc = this.ids.length;
      this.ids.push(row.id);
      this.position.set(row.id, doc);
    }
    this.compartment[doc] = row.compartment_id === null ? NONE : this.compartments.code(row.compartment_id);
    this.deleted[doc] = row.deleted;
    this.facility[doc] = row.facility_id === null ? NONE : this.facilities.code(row.facility_id);
    this.region[doc] = row.region === null ? NONE : this.regions.code(row.region);
    this.year[doc] = row.year ?? NONE;
    this.dateKey[doc] = dateKey(row.date_start);
    this.updated[doc] = row.updated_at;
    this.actTypes[doc] = [...new Set(row.act_types.map((t) => this.types.code(t)))];
    this.interventions[doc] = [...new Set(row.interventions.map((k) => this.kinds.code(k)))];
    this.evidence[doc] = row.has_evidence;
    this.tags[doc] = [...new Set(row.tags.map((t) => this.tagNames.code(t)))];
    return doc;
  }
}

/** YYYY, YYYY-MM or YYYY-MM-DD as a number that sorts like the date; a missing part counts as 0. */
function dateKey(date: string | null): number {
  if (date === null) return NONE;
  const [y, m, d] = date.split('-').map(Number);
  return y! * 10_000 + (m ?? 0) * 100 + (d ?? 0);
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

function codes(dictionary: Dictionary, values: string[]): Set<number> | null {
  if (values.length === 0) return null;
  return new Set(values.map((v) => dictionary.find(v) ?? Number.NaN));
}

function bump(counts: Map<number, number>, code: number): void {
  counts.set(code, (counts.get(code) ?? 0) + 1);
}

function facetList(counts: Map<number, number>, label: (code: number) => string | undefined): FacetCount[] {
  const list: FacetCount[] = [];
  for (const [code, count] of counts) {
    const value = label(code);
    if (value !== undefined) list.push({ value, count });
  }
  return list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** The `k` smallest under `compare`, in order, without sorting everything: a bounded max-heap. */
function selectTop(docs: number[], k: number, compare: (a: number, b: number) => number): number[] {
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compare(heap[i]!, heap[p]!) <= 0) return;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let largest = i;
      if (l < heap.length && compare(heap[l]!, heap[largest]!) > 0) largest = l;
      if (r < heap.length && compare(heap[r]!, heap[largest]!) > 0) largest = r;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest]!, heap[i]!];
      i = largest;
    }
  };
  for (const doc of docs) {
    if (heap.length < k) {
      heap.push(doc);
      up(heap.length - 1);
    } else if (k > 0 && compare(doc, heap[0]!) < 0) {
      heap[0] = doc;
      down(0);
    }
  }
  return heap.sort(compare);
}
