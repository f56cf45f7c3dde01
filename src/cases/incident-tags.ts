import type { Viewer } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import type { UnitOfWork } from '../db/index.js';
import { InvalidInputError } from '../shared/index.js';
import { requirePermission } from './case-context.js';
import { MAX_TAGS, type TagChange } from './case-schemas.js';
import type { TagChoices } from './case-views.js';
import type { IncidentRepository } from './incident-repository.js';
import type { IncidentService } from './incident-service.js';
import type { IncidentTagRepository } from './incident-tag-repository.js';
import type { SearchIndexer } from './search/search-indexer.js';
import type { SearchService } from './search/search-service.js';

const MAX_TAG_LENGTH = 40;

/** What a change did: the tags now, and those it added and took off (none when the incident already was so). */
export interface TagChangeResult {
  tags: string[];
  added: string[];
  removed: string[];
}

/**
 * Short free tags on incidents. A tag is read only through an incident the reader may see, so a restricted
 * incident's tags stay in its compartment: on its page, in the list's facet, in the choices a picker offers.
 */
export class IncidentTagService {
  constructor(
    private readonly incidents: IncidentService,
    private readonly incidentRows: IncidentRepository,
    private readonly tags: IncidentTagRepository,
    private readonly search: SearchService,
    private readonly audit: AuditRepository,
    private readonly indexer: SearchIndexer,
    private readonly uow: UnitOfWork,
  ) {}

  /** The tags on live incidents the viewer may see, most used first: what a picker offers. */
  async choices(viewer: Viewer): Promise<TagChoices> {
    return { tags: await this.search.tagCounts(viewer) };
  }

  /**
   * Adds and takes off tags, in one unit of work with its audit row and the incident's search terms. A tag
   * written like one already in use (other case, spaces) is taken as that one. An incident the viewer may not
   * see is not found, like one that is not there.
   */
  async change(viewer: Viewer, id: string, change: TagChange): Promise<TagChangeResult> {
    requirePermission(viewer, 'edit');
    await this.incidents.visible(viewer, id);
    const current = await this.tags.of(id);
    const asked = (change.add ?? []).map((t) => cleanTag('add', t));
    // Asked of the database, not the search index: this may run inside a caller's unit of work (an import).
    const known = new Map<string, string>();
    for (const tag of await this.tags.spellings(viewer, asked.map(fold))) if (!known.has(fold(tag))) known.set(fold(tag), tag);
    for (const tag of current) known.set(fold(tag), tag);
    const wanted = unique(asked.map((tag) => known.get(fold(tag)) ?? tag));
    const dropped = new Set((change.remove ?? []).map((t) => fold(cleanTag('remove', t, { stored: true }))));
    const both = wanted.find((t) => dropped.has(fold(t)));
    if (both !== undefined) throw new InvalidInputError('remove', `"${both}" is both added and taken off`);
    const added = wanted.filter((t) => !current.includes(t));
    const removed = current.filter((t) => dropped.has(fold(t)));
    const after = [...current.filter((t) => !removed.includes(t)), ...added].sort();
    if (added.length === 0 && removed.length === 0) return { tags: current, added, removed };
    if (after.length > MAX_TAGS) throw new InvalidInputError('add', `an incident has at most ${MAX_TAGS} tags`);
    await this.uow.run(async () => {
      await this.tags.add(id, added);
      await this.tags.remove(id, removed);
      await this.incidentRows.touch(id, new Date().toISOString());
      await this.audit.record({ userId: viewer.userId, action: 'tagged', recordType: 'incident', recordId: id, detail: { added, removed } });
      await this.indexer.indexIncident(id);
    });
    return { tags: after, added, removed };
  }
}

/** One space between words, composed characters; no control characters, not empty, not too long. */
/** `stored`: a tag already on an incident (to take off), which rules made since may refuse as a new one. */
export function cleanTag(field: string, raw: string, { stored = false } = {}): string {
  const tag = raw.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (tag === '') throw new InvalidInputError(field, 'a tag cannot be empty');
  if (/\p{Cc}/u.test(tag)) throw new InvalidInputError(field, 'a tag cannot hold control characters');
  if ([...tag].length > MAX_TAG_LENGTH) throw new InvalidInputError(field, `a tag has at most ${MAX_TAG_LENGTH} characters`);
  // The CSV export separates tags with ";" (and a spreadsheet may split a cell there).
  if (stored) return tag;
  if (tag.includes(';')) throw new InvalidInputError(field, 'a tag cannot hold ";"');
  // The audit trail reads a string shaped like a record id as that record, and hides it from whoever may not see it.
  if (/^[a-z]{3}_[0-9a-z]{16}$/.test(tag)) throw new InvalidInputError(field, 'a tag cannot look like a record id');
  return tag;
}

const fold = (tag: string) => tag.toLowerCase();

function unique(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((t) => !seen.has(fold(t)) && seen.add(fold(t)));
}
