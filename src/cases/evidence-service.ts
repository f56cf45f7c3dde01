import { Readable } from 'node:stream';
import type { Viewer } from '../accounts/viewer.js';
import type { AuditRepository } from '../audit/audit-repository.js';
import type { Item } from '../db/schema.js';
import { NotFoundError } from '../shared/errors.js';
import { requirePermission } from './case-context.js';
import type { EvidenceRepository } from './evidence-repository.js';
import type { VaultPort } from './vault-port.js';

export class VaultLockedError extends Error {
  override name = 'VaultLockedError';
}

export class UnsatisfiableRangeError extends Error {
  override name = 'UnsatisfiableRangeError';
  constructor(readonly size: number) {
    super(`the requested range is outside the item's ${size} bytes`);
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
    private readonly vault: VaultPort,
    private readonly audit: AuditRepository,
    private readonly identity: () => string | null,
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
    const sources = await this.vault.sourcesOf(id);
    const incidents = await this.evidence.linkedIncidents(viewer, id);
    return {
      item: view!,
      sources: sources.map((s) => ({ location: s.location, archiveFormat: s.archive_format, size: s.size, mtime: s.mtime })),
      incidents: incidents.map((i) => ({ id: i.id, titleRu: i.title_ru, titleEn: i.title_en })),
    };
  }

  async batches(viewer: Viewer) {
    requirePermission(viewer, 'viewEvidence');
    return (await this.vault.batches(200)).map((b) => ({
      id: b.id,
      startedAt: b.started_at,
      finishedAt: b.finished_at,
      status: b.status,
      roots: JSON.parse(b.roots) as string[],
      itemsNew: b.items_new,
      itemsDuplicate: b.items_duplicate,
      itemsResumed: b.items_resumed,
      bytes: b.bytes,
      problems: b.problems,
    }));
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

