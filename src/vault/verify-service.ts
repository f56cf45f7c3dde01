import crypto from 'node:crypto';
import type { BlobStore } from '../blobs/index.js';
import type { CustodyService, InclusionBundle } from '../custody/index.js';
import type { CustodyEvent } from '../custody/index.js';
import { verifyInclusion } from '../custody/index.js';
import { parseCheckpoint } from '../custody/index.js';
import { openNote } from '../custody/index.js';
import type { CustodyCheckpointRow, Item } from '../db/index.js';
import type { ItemRepository } from './item-repository.js';
import { findItem } from './item-lookup.js';
import { plaintextOf } from './plaintext-stream.js';
import { FsBlobStore } from '../blobs/index.js';
import { PayloadDigestPool, type PayloadDigest } from './verify/index.js';

export interface ItemVerdict {
  id: string;
  sha256: string;
  size: number;
  intact: boolean;
  problems: string[];
}

export interface VerifyOptions {
  identity: string;
  custodySignerKey: string;
  tsaUrl: URL | null;
  signal?: AbortSignal;
  onVerdict?: (verdict: ItemVerdict) => void;
  onProgress?: (progress: { bytesDone: number; bytesTotal: number; itemsDone: number; itemsTotal: number }) => void;
}

export interface VerifyReport {
  checked: number;
  failed: number;
  checkpointSize: number;
  interrupted: boolean;
  /** Witnesses or the time-stamping authority that could not take part in a new checkpoint. */
  checkpointWarnings: string[];
}

/** Items in flight when blobs are read through a stream on this thread (a store that is not a folder). */
const PARALLEL_STREAMED = 2;
const RECORD_EVERY = 200;

/** Decrypts every item, rehashes it and proves its ingest leaf against a signed checkpoint. */
export class VerifyService {
  constructor(
    private readonly items: ItemRepository,
    private readonly blobs: BlobStore,
    private readonly custody: CustodyService,
    private readonly verifierKey: string,
    private readonly origin: string,
  ) {}

  async verify(refs: string[], options: VerifyOptions): Promise<VerifyReport> {
    // Nothing is checked, or signed, against a log that no longer extends what was signed before.
    await this.custody.assertAnchored();
    const selected = refs.length > 0 ? await Promise.all(refs.map((ref) => findItem(this.items, ref))) : null;
    const totals = selected ? { items: selected.length, bytes: selected.reduce((sum, item) => sum + item.size, 0) } : await this.items.count();
    const { checkpoint, warnings } = await this.coveringCheckpoint(selected, options);
    const checkpointProblem = this.checkCheckpoint(checkpoint);
    const prove = this.custody.leafProver(checkpoint);
    const progress = { bytesDone: 0, bytesTotal: totals.bytes, itemsDone: 0, itemsTotal: totals.items };
    const events: CustodyEvent[] = [];
    let checked = 0;
    let failed = 0;

    const verifyOne = async (item: Item, pool: PayloadDigestPool | null) => {
      const problems = [...(checkpointProblem ? [checkpointProblem] : [])];
      problems.push(...(await this.checkContent(item, options.identity, pool, (n) => (progress.bytesDone += n))));
      problems.push(...(await this.checkCustody(item, prove)));
      const verdict: ItemVerdict = { id: item.id, sha256: item.sha256, size: item.size, intact: problems.length === 0, problems };
      checked++;
      if (!verdict.intact) failed++;
      progress.itemsDone++;
      events.push({
        event: 'verified',
        item: item.id,
        sha256: item.sha256,
        result: verdict.intact ? 'intact' : 'failed',
        ...(verdict.intact ? {} : { detail: problems.join('; ') }),
      });
      options.onVerdict?.(verdict);
      options.onProgress?.({ ...progress });
      if (events.length >= RECORD_EVERY) await this.custody.record(events.splice(0));
    };

    // Blobs in a folder are decrypted and hashed in worker threads, on every core.
    const pool = this.blobs instanceof FsBlobStore ? PayloadDigestPool.start(options.identity) : null;
    const parallel = pool?.width ?? PARALLEL_STREAMED;
    const inFlight = new Set<Promise<void>>();
    try {
      for await (const item of selected ? iterate(selected) : this.items.eachItem()) {
        if (options.signal?.aborted) break;
        const task = verifyOne(item, pool).finally(() => inFlight.delete(task));
        inFlight.add(task);
        if (inFlight.size >= parallel) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
    } finally {
      await Promise.allSettled(inFlight);
      await pool?.close();
    }
    if (events.length > 0) await this.custody.record(events.splice(0));
    return { checked, failed, checkpointSize: checkpoint.tree_size, interrupted: options.signal?.aborted ?? false, checkpointWarnings: warnings };
  }

  /** The latest checkpoint, or a new one when some item's ingest is not yet covered. */
  private async coveringCheckpoint(selected: Item[] | null, options: VerifyOptions): Promise<{ checkpoint: CustodyCheckpointRow; warnings: string[] }> {
    const latest = await this.custody.latestCheckpoint();
    const head = await this.custody.size();
    const needed = selected ? Math.max(0, ...selected.map((item) => item.ingest_leaf + 1)) : head;
    if (latest && latest.tree_size >= needed) return { checkpoint: latest, warnings: [] };
    const checkpoint = await this.custody.checkpoint(options.custodySignerKey, options.tsaUrl);
    return { checkpoint, warnings: [...checkpoint.witnessProblems, ...(checkpoint.timestampError ? [`not timestamped: ${checkpoint.timestampError}`] : [])] };
  }

  private checkCheckpoint(checkpoint: CustodyCheckpointRow): string | null {
    try {
      const parsed = parseCheckpoint(openNote(checkpoint.note, [this.verifierKey]).text);
      if (parsed.origin !== this.origin) return `checkpoint ${checkpoint.id} is for another log (${parsed.origin})`;
      if (parsed.size !== checkpoint.tree_size || parsed.rootHash.toString('hex') !== checkpoint.root_hash) {
        return `checkpoint ${checkpoint.id} disagrees with its signed note`;
      }
      return null;
    } catch (error) {
      return `checkpoint ${checkpoint.id} cannot be trusted: ${(error as Error).message}`;
    }
  }

  private async checkContent(item: Item, identity: string, pool: PayloadDigestPool | null, onBytes: (n: number) => void): Promise<string[]> {
    // A blob in a folder is found missing by opening it: one call fewer for each of thousands of small files.
    if (!pool && !(await this.blobs.exists(item.blob_name))) return [`blob is missing: ${this.blobs.locate(item.blob_name)}`];
    let digest: PayloadDigest;
    try {
      if (pool) {
        digest = await pool.digest(this.blobs.locate(item.blob_name), identity);
        onBytes(digest.size);
      } else {
        digest = await this.streamDigest(item, identity, onBytes);
      }
    } catch (error) {
      // ENOTDIR: a folder on the blob's path was replaced by a file.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return [`blob is missing: ${this.blobs.locate(item.blob_name)}`];
      return [`blob cannot be decrypted (altered or damaged): ${(error as Error).message}`];
    }
    const problems: string[] = [];
    const { sha256, size } = digest;
    if (size !== item.size) problems.push(`size differs: recorded ${item.size} bytes, blob holds ${size}`);
    if (sha256 !== item.sha256) problems.push(`SHA-256 differs: recorded ${item.sha256}, blob holds ${sha256}`);
    return problems;
  }

  private async streamDigest(item: Item, identity: string, onBytes: (n: number) => void): Promise<PayloadDigest> {
    const hash = crypto.createHash('sha256');
    let size = 0;
    for await (const piece of plaintextOf(item, this.blobs, identity) as AsyncIterable<Buffer>) {
      hash.update(piece);
      size += piece.length;
      onBytes(piece.length);
    }
    return { sha256: hash.digest('hex'), size };
  }

  private async checkCustody(item: Item, prove: (leafIdx: number) => Promise<InclusionBundle>): Promise<string[]> {
    let bundle: InclusionBundle;
    try {
      bundle = await prove(item.ingest_leaf);
    } catch (error) {
      return [`custody proof unavailable: ${(error as Error).message}`];
    }
    const problems: string[] = [];
    const data = JSON.parse(bundle.leafData) as { event?: string; item?: string; sha256?: string; size?: number };
    if (data.event !== 'ingested' || data.item !== item.id || data.sha256 !== item.sha256 || data.size !== item.size) {
      problems.push(`custody leaf ${item.ingest_leaf} does not record this item's ingest as stored now`);
    }
    const recomputed = crypto
      .createHash('sha256')
      .update(Buffer.from([0]))
      .update(bundle.leafData, 'utf8')
      .digest();
    if (recomputed.toString('base64') !== bundle.leafHash) problems.push(`custody leaf ${item.ingest_leaf} was altered`);
    try {
      verifyInclusion(
        bundle.leafIdx,
        bundle.treeSize,
        recomputed,
        bundle.proof.map((h) => Buffer.from(h, 'base64')),
        Buffer.from(bundle.root, 'base64'),
      );
    } catch (error) {
      problems.push(`custody inclusion proof fails: ${(error as Error).message}`);
    }
    return problems;
  }
}

async function* iterate<T>(values: T[]): AsyncGenerator<T> {
  yield* values;
}
