import crypto from 'node:crypto';
import { can, type Viewer } from '../accounts/index.js';
import { ForbiddenError, NotFoundError } from '../shared/index.js';
import { catalogueItem } from './catalogue-item.js';
import { filterCatalogue } from './catalogue-filter.js';
import type { DerivedViewRepository } from './derive/derived-view-repository.js';
import type { MediaCatalogueRepository } from './media-catalogue-repository.js';
import type { MediaItemService } from './media-item-service.js';
import type { MediaMarkRepository } from './media-mark-repository.js';
import type { DuplicateClusters } from './media-schemas.js';
import type {
  DuplicateCluster,
  DuplicateClusterList,
  MediaCatalogue,
  MediaCatalogueItem,
  MediaCatalogueQuery,
  MediaClip,
  MediaProgress,
  PairMark,
} from './media-triage-schemas.js';

/** Which items and archives a viewer may not see: case records' compartments, as the vault browser applies them. */
export interface MediaVisibility {
  hiddenAmong(viewer: Viewer, ids: string[]): Promise<Set<string>>;
  hiddenArchives(viewer: Viewer, paths: string[]): Promise<Set<string>>;
}

const DEFAULT_PAGE = 500;
/** Cluster computations kept (one per set of visible items, until an analysis changes). */
const CACHED_CLUSTERINGS = 8;

/**
 * The staff app's view of media triage: the catalogue, analysis progress and clusters of near duplicates, each
 * within what the viewer may see. A hidden item is absent everywhere, as if never ingested: not listed, not
 * counted, and left out before clustering, so that no two visible items are joined through it.
 */
export class MediaTriageService {
  private readonly clusterings = new Map<string, Promise<DuplicateClusters>>();

  constructor(
    private readonly media: MediaItemService,
    private readonly catalogueRepo: MediaCatalogueRepository,
    private readonly marks: MediaMarkRepository,
    private readonly visibility: MediaVisibility,
    private readonly views: DerivedViewRepository,
  ) {}

  async catalogue(viewer: Viewer, query: MediaCatalogueQuery): Promise<MediaCatalogue> {
    const { items } = await this.visibleItems(viewer);
    const cameras = [...new Set(items.flatMap((i) => (i.camera ? [i.camera] : [])))].sort((a, b) => a.localeCompare(b));
    let chosen = filterCatalogue(items, query);
    if (query.duplicates) {
      const clustered = new Set((await this.clustersOf(new Set(items.map((i) => i.id)))).clusters.flatMap((c) => c.items.map((i) => i.id)));
      chosen = chosen.filter((i) => clustered.has(i.id));
    }
    chosen = [...chosen].sort(query.sort === 'recorded' ? byRecordingTime : byPath);
    const offset = query.offset ?? 0;
    return { items: chosen.slice(offset, offset + (query.limit ?? DEFAULT_PAGE)), total: chosen.length, cameras };
  }

  async progress(viewer: Viewer): Promise<MediaProgress> {
    const { items } = await this.visibleItems(viewer);
    const counts: MediaProgress = { total: items.length, pending: 0, analysed: 0, unreadable: 0, failed: 0 };
    for (const item of items) counts[item.state]++;
    return counts;
  }

  async duplicates(viewer: Viewer): Promise<DuplicateClusterList> {
    const { items } = await this.visibleItems(viewer);
    return { clusters: await this.clustersAmong(items) };
  }

  /**
   * One item's page: its facts, the views made of it, and the clusters it is in, all as the catalogue and the
   * duplicates list show them to this viewer. An item they may not see is not found, as one never ingested.
   */
  async clip(viewer: Viewer, id: string): Promise<MediaClip> {
    const { items } = await this.visibleItems(viewer);
    const item = items.find((i) => i.id === id);
    if (!item) throw new NotFoundError('media item', id);
    const stored = (await this.views.of(id)).filter((v) => v.state === 'stored' && v.item !== undefined);
    // A view byte for byte another's (a still frame shared with a hidden near-copy) is hidden with it.
    const hiddenViews =
      stored.length === 0
        ? new Set<string>()
        : await this.visibility.hiddenAmong(
            viewer,
            stored.map((v) => v.item!),
          );
    const views = stored
      .filter((v) => !hiddenViews.has(v.item!))
      .map((v) => ({ kind: v.kind, itemId: v.item!, mediaType: v.mediaType ?? 'application/octet-stream', size: v.size ?? 0 }));
    const clusters = (await this.clustersAmong(items)).filter((c) => c.items.some((i) => i.id === id));
    return { item, views, clusters };
  }

  /** The clusters among the items a viewer sees, each with its members as the catalogue shows them. */
  private async clustersAmong(items: MediaCatalogueItem[]): Promise<DuplicateCluster[]> {
    const byId = new Map(items.map((i) => [i.id, i]));
    const computed = await this.clustersOf(new Set(items.map((i) => i.id)));
    const clusters: DuplicateCluster[] = [];
    for (const cluster of computed.clusters) {
      // Clustering took only the items the viewer sees in the catalogue: nothing else links them.
      const members = cluster.items.flatMap((i) => {
        const view = byId.get(i.id);
        return view
          ? [
              {
                id: view.id,
                kind: i.kind,
                name: view.name,
                paths: view.paths,
                ...(view.durationSeconds !== undefined ? { durationSeconds: view.durationSeconds } : {}),
                ...(view.posterItemId !== undefined ? { posterItemId: view.posterItemId } : {}),
              },
            ]
          : [];
      });
      if (members.length < 2) continue;
      const ids = members.map((m) => m.id);
      const marks = await this.marks.among(ids);
      clusters.push({
        kind: members.some((m) => m.kind === 'video') ? 'video' : 'picture',
        items: members,
        segments: cluster.segments.filter((s) => byId.has(s.a) && byId.has(s.b)),
        ...(cluster.tmk ? { tmk: cluster.tmk.filter((t) => byId.has(t.a) && byId.has(t.b)) } : {}),
        ...(cluster.stills
          ? { stills: cluster.stills.filter((s) => byId.has(s.picture) && byId.has(s.video)).map(({ picture, video, at }) => ({ picture, video, at })) }
          : {}),
        marks,
        verdict: clusterVerdict(ids.length, marks),
      });
    }
    return clusters;
  }

  /** The media items the viewer may see, with only the places they may see; and the ids they may not. */
  private async visibleItems(viewer: Viewer): Promise<{ items: MediaCatalogueItem[]; hidden: Set<string> }> {
    if (!can(viewer, 'viewEvidence')) throw new ForbiddenError(`your role (${viewer.role}) may not do this`);
    const rows = await this.catalogueRepo.all();
    const hidden = await this.visibility.hiddenAmong(
      viewer,
      rows.map((r) => r.id),
    );
    const visible = rows.filter((r) => !hidden.has(r.id));
    const archives = [...new Set(visible.flatMap((r) => r.sources.filter((s) => s.entryPath !== null).map((s) => s.filePath)))];
    const hiddenArchives = await this.visibility.hiddenArchives(viewer, archives);
    const items = visible.map((r) =>
      catalogueItem(
        r,
        r.sources.filter((s) => s.entryPath === null || !hiddenArchives.has(s.filePath)),
      ),
    );
    // A poster shared with a hidden near-copy (the same frame, sealed once) is hidden with it: show none rather than a dead link that tells of it.
    const posters = items.flatMap((i) => (i.posterItemId === undefined ? [] : [i.posterItemId]));
    const hiddenPosters = posters.length === 0 ? new Set<string>() : await this.visibility.hiddenAmong(viewer, posters);
    for (const item of items) if (item.posterItemId !== undefined && hiddenPosters.has(item.posterItemId)) delete item.posterItemId;
    return { items, hidden };
  }

  /**
   * Clusters of the items a viewer sees (an allow-list: an item hidden, a view, or anything else outside the
   * catalogue never joins two visible ones), computed once for each such set until an analysis is stored.
   */
  private async clustersOf(visible: Set<string>): Promise<DuplicateClusters> {
    const key = `${await this.catalogueRepo.generation()}|${crypto
      .createHash('sha256')
      .update([...visible].sort().join(','))
      .digest('hex')}`;
    let clustering = this.clusterings.get(key);
    if (!clustering) {
      clustering = this.media.duplicates({ keepOnly: visible });
      clustering.catch(() => this.clusterings.delete(key));
      this.clusterings.set(key, clustering);
      while (this.clusterings.size > CACHED_CLUSTERINGS) this.clusterings.delete(this.clusterings.keys().next().value!);
    }
    return clustering;
  }
}

/** Same or different when every pair says so; mixed when they disagree; partly when some pairs are not marked. */
function clusterVerdict(items: number, marks: PairMark[]): DuplicateCluster['verdict'] {
  if (marks.length === 0) return 'unmarked';
  const verdicts = new Set(marks.map((m) => m.verdict));
  if (verdicts.size > 1) return 'mixed';
  return marks.length < (items * (items - 1)) / 2 ? 'partly' : marks[0]!.verdict;
}

function byPath(a: MediaCatalogueItem, b: MediaCatalogueItem): number {
  return (a.paths[0] ?? a.id).localeCompare(b.paths[0] ?? b.id);
}

/** Oldest first; items without a time last, by where they were found. */
function byRecordingTime(a: MediaCatalogueItem, b: MediaCatalogueItem): number {
  if (a.recordedAt && b.recordedAt) return a.recordedAt.localeCompare(b.recordedAt) || byPath(a, b);
  if (a.recordedAt || b.recordedAt) return a.recordedAt ? -1 : 1;
  return byPath(a, b);
}
