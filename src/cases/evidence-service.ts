import { Readable } from 'node:stream';
import type { Viewer } from '../accounts/viewer.js';
import type { AuditRepository } from '../audit/audit-repository.js';
import type { UnitOfWork } from '../db/index.js';
import type { Item } from '../db/schema.js';
import { NotFoundError, UnsatisfiableRangeError, VaultLockedError, VigilError } from '../shared/errors.js';
import { requirePermission } from './case-context.js';
import type { EvidenceRepository, ItemRestriction } from './evidence-repository.js';
import type { ItemRestrictionRepository } from './item-restriction-repository.js';
import type { RestrictedEvidence } from './restricted-evidence.js';
import type { VaultPort } from './vault-port.js';

/** An administrator asked to release an item that a restricted incident still uses. */
export class ItemStillRestrictedError extends VigilError {
  readonly code = 'still-restricted';
  override name = 'ItemStillRestrictedError';
  constructor(itemId: string, incidents: string[]) {
    super(
      `item ${itemId} is still evidence in ${incidents.length === 1 ? 'incident' : 'incidents'} ${incidents.join(', ')} of its compartment: ` +
        'unlink it there, or lift that restriction, before releasing the item',
    );
  }
}

export interface ItemView {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  createdAt: string;
  batchId: string;
  verifiedAt: string | null;
  verification: string | null;
}

export interface BatchView {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  /** Empty, with `rootsWithheld`, when a root holds an item the viewer may not see. */
  roots: string[];
  rootsWithheld: boolean;
  itemsNew: number;
  itemsDuplicate: number;
  /** Null where the roots are withheld: these counts cannot be split by what the viewer may see. */
  itemsResumed: number | null;
  bytes: number;
  problems: number | null;
}

export interface Content {
  stream: Readable;
  mediaType: string;
  size: number;
  start: number;
  end: number;
  partial: boolean;
}

/** The vault browser and the evidence player, within what the viewer's compartments allow. */
export class EvidenceService {
  constructor(
    private readonly evidence: EvidenceRepository,
    private readonly restrictions: ItemRestrictionRepository,
    private readonly restrictedEvidence: RestrictedEvidence,
    private readonly vault: VaultPort,
    private readonly audit: AuditRepository,
    private readonly identity: () => string | null,
    private readonly uow: UnitOfWork,
  ) {}

  async list(viewer: Viewer, after: string | null, limit: number): Promise<{ items: ItemView[]; next: string | null }> {
    requirePermission(viewer, 'viewEvidence');
    const items = await this.evidence.visibleItems(viewer, after, limit + 1);
    const page = items.slice(0, limit);
    return { items: await this.views(page), next: items.length > limit ? page[page.length - 1]!.id : null };
  }

  async get(viewer: Viewer, id: string) {
    requirePermission(viewer, 'viewEvidence');
    const item = await this.visible(viewer, id);
    const [view] = await this.views([item]);
    const restriction = await this.evidence.restriction(id);
    if (restriction.compartments.length > 0 || restriction.heldItems || restriction.insideRestricted) {
      await this.audit.record({ userId: viewer.userId, action: 'viewed-restricted', recordType: 'item', recordId: id, detail: { compartments: restriction.compartments } });
    }
    return {
      item: view!,
      restriction,
      sources: await this.visibleSources(viewer, id),
      incidents: (await this.evidence.linkedIncidents(viewer, id)).map((i) => ({ id: i.id, titleRu: i.title_ru, titleEn: i.title_en })),
    };
  }

  /**
   * Ingest batches as the viewer may see them: their paths are evidence too. A batch whose roots hold
   * an item hidden from the viewer (see `hiddenBatches`) is listed without its roots, and counts only
   * what the viewer may see (resumed items and problems withheld), as long as it recorded an item they
   * may see, whose page names it; one that recorded nothing they may see is left out.
   */
  async batches(viewer: Viewer): Promise<BatchView[]> {
    requirePermission(viewer, 'viewEvidence');
    const all = (await this.vault.batches(200)).map((b) => ({ ...b, rootList: JSON.parse(b.roots) as string[] }));
    const withheld = await this.evidence.hiddenBatches(viewer, all.map((b) => ({ id: b.id, roots: b.rootList })));
    const seen = await this.evidence.visibleBatchCounts(viewer, [...withheld]);
    const views: BatchView[] = [];
    for (const b of all) {
      const base = { id: b.id, startedAt: b.started_at, finishedAt: b.finished_at, status: b.status };
      if (!withheld.has(b.id)) {
        views.push({ ...base, roots: b.rootList, rootsWithheld: false, itemsNew: b.items_new, itemsDuplicate: b.items_duplicate, itemsResumed: b.items_resumed, bytes: b.bytes, problems: b.problems });
        continue;
      }
      const visible = seen.get(b.id);
      if (!visible) continue;
      views.push({ ...base, roots: [], rootsWithheld: true, itemsNew: visible.firstStored, itemsDuplicate: visible.sources - visible.firstStored, itemsResumed: null, bytes: visible.bytes, problems: null });
    }
    return views;
  }

  /**
   * An administrator lifts the item's own restrictions (audited), those of compartments whose live
   * incidents no longer use it; refused when a live incident keeps every one. An archive that holds a
   * restricted item, or a file found only inside a restricted archive, stays hidden for that reason:
   * the answer says so, and which incidents keep the compartments that stay.
   */
  async release(viewer: Viewer, id: string): Promise<{ released: string[]; keptBy: string[]; restriction: ItemRestriction }> {
    requirePermission(viewer, 'manage');
    await this.visible(viewer, id);
    const outcome = await this.uow.run(async () => {
      const released = await this.restrictions.release(id);
      if (released.released.length === 0 && released.usedBy.length > 0) throw new ItemStillRestrictedError(id, released.usedBy);
      if (released.released.length > 0) await this.restrictedEvidence.released(viewer, id, released.released);
      return released;
    });
    return { released: outcome.released, keptBy: outcome.usedBy, restriction: await this.evidence.restriction(id) };
  }

  /** Which of these items the viewer may not see: for other parts (the intake's import) to leave them unnamed. */
  hiddenAmong(viewer: Viewer, ids: string[]): Promise<Set<string>> {
    return this.evidence.hiddenAmong(viewer, ids);
  }

  /** The item's plaintext, or the byte range asked for (`bytes=a-b`, `a-`, `-n`), for the player. */
  async content(viewer: Viewer, id: string, range: string | undefined): Promise<Content> {
    requirePermission(viewer, 'viewEvidence');
    const item = await this.visible(viewer, id);
    const identity = this.identity();
    if (identity === null) throw new VaultLockedError('the vault is locked: start the server with the passphrase to play evidence');
    const wanted = parseRange(range, item.size);
    if (wanted === 'unsatisfiable') throw new UnsatisfiableRangeError(item.size);
    const { start, end } = wanted ?? { start: 0, end: item.size - 1 };
    if (item.size === 0) return { stream: Readable.from([]), mediaType: item.media_type, size: 0, start: 0, end: -1, partial: false };
    const stream = await this.vault.readRange(item, identity, start, end, viewer.userId);
    return { stream, mediaType: item.media_type, size: item.size, start, end, partial: wanted !== null };
  }

  private async visible(viewer: Viewer, id: string): Promise<Item> {
    const item = await this.evidence.visibleItem(viewer, id);
    if (!item) throw new NotFoundError('item', id);
    return item;
  }

  /** Where the item was found, less the places inside an archive the viewer may not see: its path names it. */
  private async visibleSources(viewer: Viewer, id: string) {
    const sources = await this.vault.sourcesOf(id);
    const archives = [...new Set(sources.filter((s) => s.entry_path !== null).map((s) => s.file_path))];
    const hidden = await this.evidence.hiddenArchives(viewer, archives);
    return sources
      .filter((s) => s.entry_path === null || !hidden.has(s.file_path))
      .map((s) => ({ location: s.location, archiveFormat: s.archive_format, size: s.size, mtime: s.mtime }));
  }

  private async views(items: Item[]): Promise<ItemView[]> {
    const checks = await this.vault.verifications(items.map((i) => i.id));
    return items.map((i) => ({
      id: i.id,
      sha256: i.sha256,
      size: i.size,
      mediaType: i.media_type,
      createdAt: i.created_at,
      batchId: i.batch_id,
      verifiedAt: checks.get(i.id)?.at ?? null,
      verification: checks.get(i.id)?.result ?? null,
    }));
  }
}

/** One range of RFC 9110 `Range: bytes=…`; several ranges are served as the whole file. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (size === 0) return 'unsatisfiable';
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

