import crypto from 'node:crypto';
import type { BlobStore } from '../../blobs/index.js';
import type { Db } from '../../db/index.js';
import type { NewItem, NewItemSource } from '../../db/index.js';
import { newId } from '../../db/index.js';
import { blobName } from '../../crypto/index.js';
import type { CustodyService } from '../../custody/index.js';
import { CustodyRepository } from '../../custody/index.js';
import type { CustodyEvent } from '../../custody/index.js';
import type { ItemRepository } from '../item-repository.js';
import { errnoReason } from '../sources/errno-reason.js';
import { escapePath, printable } from '../sources/location-text.js';
import { surveySources, walkSources, type ArchiveLimits, type SourceEntry, type SourceEvent, type SourceProblem } from '../sources/walk-sources.js';
import { sealStream, type SealedBlob } from './seal-stream.js';
import { Sha256Offload } from './sha256-offload.js';
import { WHOLE_FILE_MAX_BYTES, WholeFileSealer } from './whole-file-sealer.js';

export interface IngestOptions {
  expandArchives: boolean;
  limits: ArchiveLimits;
  signal?: AbortSignal;
  onProgress?: (progress: IngestProgress) => void;
  onItem?: (item: IngestedItem) => void;
  onProblem?: (problem: SourceProblem) => void;
}

export interface IngestProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
}

export interface IngestedItem {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  paths: string[];
  status: 'new' | 'duplicate' | 'resumed';
}

export interface IngestSummary {
  batchId: string;
  status: 'finished' | 'interrupted';
  itemsNew: number;
  itemsDuplicate: number;
  itemsResumed: number;
  bytes: number;
  problems: number;
}

interface Sealed extends SealedBlob {
  entry: SourceEntry;
  sourceKey: string;
}

/** Files sealed but not yet recorded are committed together: one flush and one transaction. */
const GROUP_FILES = 64;
const GROUP_BYTES = 256 * 1024 * 1024;
const GROUP_MS = 1000;
/** Plain files sealed at once, so that small-file latency overlaps; archive entries go one by one. */
const PARALLEL_FILES = 4;
/** Groups between sealing and recording at once: a few hundred open temporaries at most. */
const GROUPS_IN_FLIGHT = 3;

export class IngestService {
  private readonly custodyRepo: CustodyRepository;

  constructor(
    private readonly db: Db,
    private readonly items: ItemRepository,
    private readonly custody: CustodyService,
    private readonly blobs: BlobStore,
    private readonly recipients: string[],
    private readonly blobNameSecret: Buffer,
  ) {
    this.custodyRepo = new CustodyRepository(db);
  }

  async ingest(paths: string[], options: IngestOptions): Promise<IngestSummary> {
    await this.blobs.removeAbandoned();
    const survey = await surveySources(paths);
    return this.ingestEvents(paths, walkSources(paths, { expandArchives: options.expandArchives, limits: options.limits }), survey, options);
  }

  /**
   * Entries that come from elsewhere than a disk (a source's submission, decrypted as it streams): the
   * same sealing, grouping, resume and custody as files. `label` names the batch's origin.
   */
  async ingestEntries(label: string, entries: SourceEntry[], options: Omit<IngestOptions, 'expandArchives' | 'limits'>): Promise<IngestSummary> {
    await this.blobs.removeAbandoned();
    const survey = { bytes: entries.reduce((sum, e) => sum + e.size, 0), files: entries.length };
    async function* events(): AsyncGenerator<SourceEvent> {
      for (const entry of entries) yield { type: 'entry', entry };
    }
    return this.ingestEvents([label], events(), survey, options);
  }

  private async ingestEvents(
    paths: string[],
    walk: AsyncIterable<SourceEvent>,
    survey: { bytes: number; files: number },
    options: Omit<IngestOptions, 'expandArchives' | 'limits'>,
  ): Promise<IngestSummary> {
    const progress: IngestProgress = { bytesDone: 0, bytesTotal: survey.bytes, filesDone: 0, filesTotal: survey.files };
    const report = () => options.onProgress?.({ ...progress });
    // Looking every file up costs a query each; a first ingest has nothing to look up.
    const mayResume = await this.items.hasResumableSources();
    const batchId = newId('bat');
    // Escaped like the locations under them, so that a root still prefixes its sources' paths.
    await this.items.createBatch({ id: batchId, startedAt: new Date().toISOString(), roots: paths.map(escapePath) });
    const counts = { itemsNew: 0, itemsDuplicate: 0, itemsResumed: 0, bytes: 0, problems: 0 };

    let group: Sealed[] = [];
    let groupBytes = 0;
    let groupStarted = 0;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;

    // Groups commit in the background while the next are sealed: their blobs are made durable side by side
    // (each waits on the disk), and recorded in order, each after the one before.
    let committing: Promise<void> = Promise.resolve();
    // Each settles, never rejects: a failure is kept in `failure`.
    const commits = new Set<Promise<void>>();
    const flush = async () => {
      const sealed = group;
      group = [];
      groupBytes = 0;
      if (sealed.length === 0) return;
      while (commits.size >= GROUPS_IN_FLIGHT) await Promise.race(commits);
      const commit = this.commitGroup(batchId, sealed, counts, options.onItem, committing, () => failure !== null).catch((error: unknown) => {
        failure ??= error;
        return Promise.allSettled(sealed.map((s) => s.writer.abort())).then(() => undefined);
      });
      committing = commit;
      commits.add(commit);
      void commit.finally(() => commits.delete(commit));
    };
    // Each started at the first file that needs it: a worker thread costs memory and start-up time.
    let hashing = null as Sha256Offload | null;
    let wholeFiles = null as Promise<WholeFileSealer | null> | null;
    const wholeFileSealer = (entry: SourceEntry) => {
      if (entry.diskFile === undefined || entry.size > WHOLE_FILE_MAX_BYTES) return null;
      wholeFiles ??= WholeFileSealer.start(this.blobs, this.recipients);
      return wholeFiles;
    };
    let parallelFiles = PARALLEL_FILES;
    const seal = async (entry: SourceEntry, sourceKey: string) => {
      let counted = 0;
      const sealer = await wholeFileSealer(entry);
      const blob = sealer
        ? await sealer.seal(entry.diskFile!)
        : await sealStream(
            await entry.open(),
            this.blobs,
            this.recipients,
            (hashing ??= Sha256Offload.start()).begin(),
            (n) => {
              counted += n;
              progress.bytesDone += n;
            },
            options.signal,
          );
      progress.bytesDone += entry.size - counted;
      progress.filesDone++;
      if (group.length === 0) groupStarted = Date.now();
      group.push({ ...blob, entry, sourceKey });
      groupBytes += blob.size;
    };

    const ticker = setInterval(report, 250);
    try {
      for await (const event of walk) {
        if (failure) throw failure;
        if (options.signal?.aborted) break;
        if (event.type === 'problem') {
          counts.problems++;
          await this.items.addProblem({ id: newId('prb'), batchId, ...event.problem });
          options.onProblem?.(event.problem);
          continue;
        }
        const entry = event.entry;
        if (entry.entryPath !== null) {
          progress.bytesTotal += entry.size;
          progress.filesTotal++;
        }
        const sourceKey = sourceKeyOf(entry);
        const known = mayResume ? await this.items.findResumableSource(sourceKey, batchId) : undefined;
        if (known) {
          if (entry.sequential) await drain(entry);
          counts.itemsResumed++;
          progress.bytesDone += entry.size;
          progress.filesDone++;
          options.onItem?.({
            id: known.item.id,
            sha256: known.item.sha256,
            size: known.item.size,
            mediaType: known.item.media_type,
            paths: [entry.location],
            status: 'resumed',
          });
          continue;
        }
        const task = seal(entry, sourceKey).catch((error: unknown) => this.onSealError(error, entry, batchId, counts, options, (e) => (failure = e)));
        if (entry.sequential) {
          await task;
        } else {
          inFlight.add(task);
          void task.finally(() => inFlight.delete(task));
          if (wholeFiles !== null) parallelFiles = Math.max(PARALLEL_FILES, (await wholeFiles)?.capacity ?? 0);
          if (inFlight.size >= parallelFiles) await Promise.race(inFlight);
        }
        if (failure) throw failure;
        if (group.length >= GROUP_FILES || groupBytes >= GROUP_BYTES || (group.length > 0 && Date.now() - groupStarted > GROUP_MS)) {
          await flush();
        }
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      await flush();
      await Promise.all(commits);
      if (failure) throw failure;
      const status = options.signal?.aborted ? 'interrupted' : 'finished';
      await this.items.finishBatch(batchId, { status, ...counts });
      return { batchId, status, ...counts };
    } catch (error) {
      await Promise.allSettled(inFlight);
      await Promise.all(commits);
      await Promise.allSettled(group.map((s) => s.writer.abort()));
      group = [];
      await this.items.finishBatch(batchId, { status: 'failed', ...counts }).catch(() => undefined);
      throw error;
    } finally {
      clearInterval(ticker);
      await hashing?.close();
      await (await wholeFiles)?.close();
      report();
    }
  }

  /** A file that cannot be read is reported and skipped; a full disk (or any other failure) stops the ingest. */
  private async onSealError(
    error: unknown,
    entry: SourceEntry,
    batchId: string,
    counts: { problems: number },
    options: Omit<IngestOptions, 'expandArchives' | 'limits'>,
    fail: (error: unknown) => void,
  ): Promise<void> {
    if (options.signal?.aborted) return; // interrupted: the blob was discarded, the next run redoes this file
    const problem = problemFromReadError(error, entry);
    if (!problem) {
      fail(error);
      return;
    }
    counts.problems++;
    await this.items.addProblem({ id: newId('prb'), batchId, ...problem });
    options.onProblem?.(problem);
  }

  /**
   * Makes the group's blobs durable, then records items, sources and custody leaves in one
   * transaction: an item is never recorded before its blob is on disk.
   */
  private async commitGroup(
    batchId: string,
    sealed: Sealed[],
    counts: { itemsNew: number; itemsDuplicate: number; bytes: number },
    onItem: IngestOptions['onItem'],
    /** The group before, recorded first; its failure is reported by whoever awaits it, not here. */
    before: Promise<void>,
    /** Whether an earlier group failed: then nothing more is recorded (what is durable is found again on resume). */
    stopped: () => boolean,
  ): Promise<void> {
    const distinct = new Map<string, Sealed>();
    for (const s of sealed) if (!distinct.has(s.sha256)) distinct.set(s.sha256, s);
    const known = await this.items.itemsBySha256([...distinct.keys()]);
    const toStore = [...distinct.values()].filter((s) => !known.has(s.sha256));
    const storing = new Set(toStore);
    await Promise.all(sealed.filter((s) => !storing.has(s)).map((s) => s.writer.abort()));
    await this.blobs.commit(toStore.map((s) => ({ writer: s.writer, name: blobName(this.blobNameSecret, s.sha256) })));
    await before;
    if (stopped()) throw new Error('an earlier group of this ingest failed');

    const now = new Date().toISOString();
    const reported: IngestedItem[] = [];
    await this.db.transaction().execute(async (trx) => {
      await this.custodyRepo.lockHead(trx);
      // Another ingest may have stored the same content since the check above.
      const existing = await this.items.itemsBySha256([...distinct.keys()], trx);
      const ids = new Map<string, string>();
      for (const [sha, item] of existing) ids.set(sha, item.id);
      const events: CustodyEvent[] = [];
      const newItems: Array<Omit<NewItem, 'ingest_leaf'>> = [];
      const sources: NewItemSource[] = [];
      for (const s of sealed) {
        let id = ids.get(s.sha256);
        const isNew = id === undefined;
        if (id === undefined) {
          id = newId('itm');
          ids.set(s.sha256, id);
          newItems.push({
            id,
            sha256: s.sha256,
            size: s.size,
            blob_name: blobName(this.blobNameSecret, s.sha256),
            media_type: s.mediaType,
            batch_id: batchId,
            created_at: now,
          });
          events.push({ event: 'ingested', item: id, sha256: s.sha256, size: s.size, batch: batchId, location: s.entry.location });
        } else {
          events.push({ event: 'seen-again', item: id, sha256: s.sha256, batch: batchId, location: s.entry.location });
        }
        sources.push(sourceRow(s, id, batchId, now));
        reported.push({ id, sha256: s.sha256, size: s.size, mediaType: s.mediaType, paths: [s.entry.location], status: isNew ? 'new' : 'duplicate' });
      }
      const leaves = await this.custody.append(trx, events, now);
      const leafOf = new Map<string, number>();
      events.forEach((e, i) => {
        if (e.event === 'ingested') leafOf.set(e.item, leaves[i]!);
      });
      await this.items.insertItems(
        trx,
        newItems.map((item) => ({ ...item, ingest_leaf: leafOf.get(item.id)! })),
      );
      await this.items.insertSources(trx, sources);
    });
    for (const item of reported) {
      if (item.status === 'new') counts.itemsNew++;
      else counts.itemsDuplicate++;
      counts.bytes += item.size;
      onItem?.(item);
    }
  }
}

/**
 * What lets an interrupted ingest skip a source it already stored. Version 2 names the file and the entry
 * apart from the location: version 1 keyed on the location alone, which an archive entry could share with
 * a file on the disk ("x.zip!/a" both), or two entries of one archive ("a.txt" and "./a.txt"); no key of
 * version 1 matches one of version 2, so a source recorded by an older version is read again, never taken
 * for another.
 */
function sourceKeyOf(entry: SourceEntry): string {
  return crypto
    .createHash('sha256')
    .update(`v2\0${entry.filePath}\0${entry.entryPath ?? ''}\0${entry.location}\0${entry.size}\0${entry.timestamps.mtime ?? ''}`)
    .digest('hex');
}

function sourceRow(s: Sealed, itemId: string, batchId: string, now: string): NewItemSource {
  const t = s.entry.timestamps;
  return {
    id: newId('src'),
    item_id: itemId,
    batch_id: batchId,
    source_key: s.sourceKey,
    location: s.entry.location,
    file_path: s.entry.filePath,
    entry_path: s.entry.entryPath,
    archive_format: s.entry.archiveFormat,
    size: s.size,
    mtime: t.mtime ?? null,
    atime: t.atime ?? null,
    ctime: t.ctime ?? null,
    birthtime: t.birthtime ?? null,
    found_at: now,
  };
}

/**
 * Skips the bytes of a sequential entry stored by an earlier run. Damage met on the way is not this entry's
 * (its item was stored whole before): the walk reports it for the archive when it moves on.
 */
async function drain(entry: SourceEntry): Promise<void> {
  try {
    for await (const piece of await entry.open()) void piece;
  } catch {
    // reported by the walk
  }
}

const READ_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'no such file or directory (removed during ingest?)',
  EIO: 'input/output error (damaged medium?)',
  EISDIR: 'is a directory',
};
/** System calls that read a source: any error of theirs is that source's problem (a write's is not). */
const READ_SYSCALLS = new Set(['open', 'read', 'fstat', 'lstat', 'stat', 'close']);

/** Errors that concern one source only; anything else (a full disk, a database error) is not one of these. */
function problemFromReadError(error: unknown, entry: SourceEntry): SourceProblem | null {
  const err = error as NodeJS.ErrnoException & { name?: string };
  const problem = (kind: SourceProblem['kind'], reason: string): SourceProblem => ({ location: entry.location, kind, reason: printable(reason) });
  if (err?.name === 'BlobStoreError' || err?.name === 'BlobStoreFullError') return null;
  if (err?.name === 'ArchiveRefusedError' || err?.name === 'SourceRefusedError') return problem('refused', err.message);
  if (err?.name === 'SourceChangedError') return problem('changed', err.message);
  if (err?.name === 'SourceUnreadableError') return problem('unreadable', err.message);
  if (err?.name === 'BrokenArchiveError') return problem('broken-archive', `${err.message}; not stored (the archive is kept as received)`);
  if (err?.code && err.syscall && READ_SYSCALLS.has(err.syscall)) return problem('unreadable', READ_ERRORS[err.code] ?? errnoReason(err));
  if (entry.entryPath !== null && !err?.code) return problem('broken-archive', err?.message ?? String(error));
  return null;
}
