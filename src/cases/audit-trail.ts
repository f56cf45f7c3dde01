import type { Viewer } from '../accounts/index.js';
import type { AuditFilter, AuditRepository, AuditRow } from '../audit/index.js';
import { titledIds, type AuditTitles } from './audit-titles.js';
import { requirePermission } from './case-context.js';
import type { AuditEntry } from './case-views.js';
import type { EvidenceRepository } from './evidence-repository.js';
import type { IncidentRepository } from './incident-repository.js';
import type { PersonRepository } from './person-repository.js';

/** Ids of records a compartment can hide, wherever an entry names them (its record, its detail). */
const RECORD_ID = /^(inc|per|itm|evl|lnk)_[0-9a-z]{16}$/;

/** Fewer rows than this are never read at once, so that pages of a busy compartment's entries pass quickly. */
const READ_AT_LEAST = 100;

/**
 * The audit trail as an administrator may see it: an entry about a record their compartments hide (an
 * incident and its parts, an evidence link to a hidden item, an incident link to a hidden incident, an
 * item, a person) is left out, so the history of a hidden id reads like that of an absent one. A hidden
 * person named in the detail of an entry about a visible record is blanked (null), as an incident's
 * page shows them only as "restricted"; hidden ids in a list are dropped from it, and the entry with
 * them when none is left.
 */
export class AuditTrail {
  constructor(
    private readonly audit: AuditRepository,
    private readonly incidents: IncidentRepository,
    private readonly people: PersonRepository,
    private readonly evidence: EvidenceRepository,
    private readonly titles: AuditTitles,
  ) {}

  /** The page of entries, each with the titles of the records it names (those the viewer may see). */
  async list(viewer: Viewer, filter: AuditFilter): Promise<AuditEntry[]> {
    const rows = await this.rows(viewer, filter);
    const named = rows.map(namedIn);
    const titles = await this.titles.of(viewer, [...new Set(named.flatMap((n) => n.ids))], [...new Set(named.flatMap((n) => n.actTypes))]);
    return rows.map((row, i) => {
      const { ids, actTypes } = named[i]!;
      return { ...row, titles: Object.fromEntries([...ids, ...actTypes].flatMap((id) => (titles.has(id) ? [[id, titles.get(id)!]] : []))) };
    });
  }

  private async rows(viewer: Viewer, filter: AuditFilter): Promise<AuditRow[]> {
    requirePermission(viewer, 'manage');
    const shown: AuditRow[] = [];
    const read = Math.max(filter.limit, READ_AT_LEAST);
    let after: { at: string; id: string } | undefined;
    for (;;) {
      const rows = await this.audit.list({ ...filter, limit: read, after });
      for (const row of await this.visible(viewer, rows)) {
        shown.push(row);
        if (shown.length === filter.limit) return shown;
      }
      const last = rows[rows.length - 1];
      if (rows.length < read || !last) return shown;
      after = { at: last.at, id: last.id };
    }
  }

  /**
   * Of entries already read, those this viewer's trail would show, hidden ids redacted: for anyone told of changes
   * (a home page's followed incidents), whether or not they may read the trail itself.
   */
  async shownTo(viewer: Viewer, rows: AuditRow[]): Promise<AuditRow[]> {
    return this.visible(viewer, rows);
  }

  private async visible(viewer: Viewer, rows: AuditRow[]): Promise<AuditRow[]> {
    const ids = new Set<string>();
    for (const row of rows) {
      if (row.recordId !== null && RECORD_ID.test(row.recordId)) ids.add(row.recordId);
      collectIds(row.detail, ids);
    }
    const { dropped, blanked } = await this.hidden(viewer, [...ids]);
    const out: AuditRow[] = [];
    for (const row of rows) {
      if (row.recordId !== null && (dropped.has(row.recordId) || blanked.has(row.recordId))) continue;
      const detail = redact(row.detail, dropped, blanked);
      if (detail !== DROP) out.push({ ...row, detail: detail as Record<string, unknown> });
    }
    return out;
  }

  /** Of these ids, those that leave an entry out (`dropped`) and the hidden people blanked in a detail. */
  private async hidden(viewer: Viewer, ids: string[]): Promise<{ dropped: Set<string>; blanked: Set<string> }> {
    const of = (prefix: string) => ids.filter((id) => id.startsWith(`${prefix}_`));
    const [evidenceLinks, incidentLinks] = await Promise.all([this.evidence.linkEnds(of('evl')), this.incidents.linkEnds(of('lnk'))]);
    const incidentIds = new Set([
      ...of('inc'),
      ...evidenceLinks.map((l) => l.incident_id),
      ...incidentLinks.flatMap((l) => [l.from_incident_id, l.to_incident_id]),
    ]);
    const itemIds = new Set([...of('itm'), ...evidenceLinks.map((l) => l.item_id)]);
    const [incidents, items, people] = await Promise.all([
      this.incidents.hiddenAmong(viewer, [...incidentIds]),
      this.evidence.hiddenAmong(viewer, [...itemIds]),
      this.people.hiddenAmong(viewer, of('per')),
    ]);
    const dropped = new Set([...incidents, ...items]);
    for (const l of evidenceLinks) if (incidents.has(l.incident_id) || items.has(l.item_id)) dropped.add(l.id);
    for (const l of incidentLinks) if (incidents.has(l.from_incident_id) || incidents.has(l.to_incident_id)) dropped.add(l.id);
    return { dropped, blanked: people };
  }
}

const DROP = Symbol('drop');

/** The records an entry names, to be titled: ids, and the act types (slugs) of an entry about one or a changed act. */
function namedIn(row: AuditRow): { ids: string[]; actTypes: string[] } {
  const ids = new Set<string>();
  titledIds([row.recordId, row.userId, row.detail], ids);
  const actTypes: string[] = [];
  if (row.recordType === 'act-type' && row.recordId) actTypes.push(row.recordId);
  const before = row.detail.before as { actType?: unknown } | undefined;
  if (typeof before?.actType === 'string') actTypes.push(before.actType);
  return { ids: [...ids], actTypes };
}

function collectIds(value: unknown, ids: Set<string>): void {
  if (typeof value === 'string') {
    if (RECORD_ID.test(value)) ids.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectIds(v, ids);
  } else if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) collectIds(v, ids);
  }
}

/** The detail without what the viewer may not see, or DROP when the entry itself is about it. */
function redact(value: unknown, dropped: ReadonlySet<string>, blanked: ReadonlySet<string>): unknown {
  if (typeof value === 'string') return dropped.has(value) ? DROP : blanked.has(value) ? null : value;
  if (Array.isArray(value)) {
    const kept: unknown[] = [];
    let left = 0;
    for (const v of value) {
      if (typeof v === 'string' && (dropped.has(v) || blanked.has(v))) {
        if (dropped.has(v)) left++;
        continue;
      }
      const r = redact(v, dropped, blanked);
      if (r === DROP) return DROP;
      kept.push(r);
    }
    // A list that named only hidden records (incidents an insider listed): nothing of the entry is left.
    return left > 0 && kept.length === 0 ? DROP : kept;
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = redact(v, dropped, blanked);
      if (r === DROP) return DROP;
      out[k] = r;
    }
    return out;
  }
  return value;
}
