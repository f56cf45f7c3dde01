import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/database.js';
import type { CustodyCheckpointRow, VigilDatabase } from '../db/schema.js';
import { newId } from '../db/ids.js';
import { CustodyRepository, type NewLeaf } from './custody-repository.js';
import { encodeEvent, type CustodyEvent } from './custody-events.js';
import { CompactRange, completedNodes, consistencyProof, inclusionProof, leafHash, treeRoot, verifyConsistency } from './merkle.js';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.js';
import { openNote, signNote } from './signed-note.js';
import { requestTimestamp } from './rfc3161.js';

export interface InclusionBundle {
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[];
  leafData: string;
  checkpoint: string;
  verifierKey: string;
}

export interface ConsistencyBundle {
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[];
}

export interface LogReport {
  leaves: number;
  checkpoints: number;
  problems: string[];
}

export class LogRewrittenError extends Error {
  override name = 'LogRewrittenError';
}

export class NotCheckpointedError extends Error {
  override name = 'NotCheckpointedError';
}

const PAGE = 5000;
const b64 = (b: Buffer) => b.toString('base64');

/** The append-only custody log: leaves, signed checkpoints, proofs, and a full self-check. */
export class CustodyService {
  private readonly repo: CustodyRepository;

  constructor(
    private readonly db: Db,
    private readonly origin: string,
    private readonly verifierKey: string,
  ) {
    this.repo = new CustodyRepository(db);
  }

  /** Appends events inside the caller's transaction, so they commit with what they describe. */
  async append(trx: Transaction<VigilDatabase>, events: CustodyEvent[], at = new Date().toISOString()): Promise<number[]> {
    if (events.length === 0) return [];
    const start = await this.repo.lockHead(trx);
    const pending = new Map<string, Buffer>();
    const getNode = async (level: number, index: number) =>
      pending.get(`${level}/${index}`) ?? this.repo.node(level, index, trx);
    const leaves: NewLeaf[] = [];
    const nodes: Array<{ level: number; index: number; hash: Buffer }> = [];
    for (const [offset, event] of events.entries()) {
      const idx = start + offset;
      const data = encodeEvent(event, at);
      const hash = leafHash(Buffer.from(data, 'utf8'));
      pending.set(`0/${idx}`, hash);
      leaves.push({ idx, event: event.event, itemId: event.item, data, leafHash: hash, createdAt: at });
      for (const node of await completedNodes(idx, hash, getNode)) {
        pending.set(`${node.level}/${node.index}`, node.hash);
        nodes.push(node);
      }
    }
    await this.repo.insertLeaves(trx, leaves);
    await this.repo.insertNodes(trx, nodes);
    await this.repo.setHeadSize(trx, start + events.length);
    return leaves.map((l) => l.idx);
  }

  /** Appends events in a transaction of their own. */
  async record(events: CustodyEvent[]): Promise<number[]> {
    return this.db.transaction().execute((trx) => this.append(trx, events));
  }

  async size(): Promise<number> {
    return this.repo.headSize();
  }

  /**
   * Signs the current tree head; with a TSA URL, also gets an RFC 3161 timestamp over the signed note.
   * An unreachable authority does not stop custody: the checkpoint is kept and the failure returned.
   */
  async checkpoint(signerKey: string, tsaUrl: URL | null): Promise<CustodyCheckpointRow & { timestampError: string | null }> {
    const size = await this.repo.headSize();
    const root = await treeRoot(size, (level, index) => this.repo.node(level, index));
    await this.assertExtendsLatest(size, root);
    const note = signNote(formatCheckpoint({ origin: this.origin, size, rootHash: root }), signerKey);
    let token: string | null = null;
    let timestampError: string | null = null;
    if (tsaUrl) {
      try {
        token = (await requestTimestamp(tsaUrl.toString(), Buffer.from(note, 'utf8'))).token.toString('base64');
      } catch (error) {
        timestampError = (error as Error).message;
      }
    }
    const row: CustodyCheckpointRow = {
      id: newId('ckp'),
      tree_size: size,
      root_hash: root.toString('hex'),
      note,
      timestamp_token: token,
      tsa_url: tsaUrl ? tsaUrl.toString() : null,
      created_at: new Date().toISOString(),
    };
    await this.repo.insertCheckpoint(row);
    return { ...row, timestampError };
  }

  /**
   * A new checkpoint is signed only if the log still contains the latest signed one: otherwise a
   * rewritten log (leaves, hashes and nodes altered together) would be certified afresh.
   */
  private async assertExtendsLatest(size: number, root: Buffer): Promise<void> {
    const previous = await this.repo.latestCheckpoint();
    if (!previous || previous.tree_size === 0) return;
    const problems: string[] = [];
    this.checkCheckpointNote(previous, problems);
    if (problems.length > 0) throw new LogRewrittenError(`refusing to sign: ${problems.join('; ')}`);
    const signedRoot = parseCheckpoint(openNote(previous.note, [this.verifierKey]).text).rootHash;
    try {
      if (previous.tree_size > size) throw new Error(`the log has ${size} leaves, fewer than the ${previous.tree_size} already signed`);
      const proof = await consistencyProof(previous.tree_size, size, (level, index) => this.repo.node(level, index));
      verifyConsistency(previous.tree_size, size, signedRoot, root, proof);
    } catch (error) {
      throw new LogRewrittenError(
        `refusing to sign: the custody log no longer extends checkpoint ${previous.id} (size ${previous.tree_size}): ${(error as Error).message}. Run \`vigil custody verify\`.`,
      );
    }
  }

  async latestCheckpoint(): Promise<CustodyCheckpointRow | undefined> {
    return this.repo.latestCheckpoint();
  }

  /** The inclusion proof of one leaf against the latest checkpoint. */
  async proveLeaf(leafIdx: number, checkpoint?: CustodyCheckpointRow): Promise<InclusionBundle> {
    const cp = checkpoint ?? (await this.repo.latestCheckpoint());
    if (!cp || cp.tree_size <= leafIdx) {
      throw new NotCheckpointedError(
        `custody leaf ${leafIdx} is not covered by a checkpoint yet: run \`vigil custody checkpoint\` first`,
      );
    }
    const leaf = await this.repo.leaf(leafIdx);
    if (!leaf) throw new Error(`custody log has no leaf ${leafIdx}`);
    const proof = await inclusionProof(leafIdx, cp.tree_size, (level, index) => this.repo.node(level, index));
    return {
      leafIdx,
      treeSize: cp.tree_size,
      root: b64(Buffer.from(cp.root_hash, 'hex')),
      leafHash: b64(Buffer.from(leaf.leaf_hash, 'hex')),
      proof: proof.map(b64),
      leafData: leaf.data,
      checkpoint: cp.note,
      verifierKey: this.verifierKey,
    };
  }

  async proveConsistency(size1: number, size2: number): Promise<ConsistencyBundle> {
    const head = await this.repo.headSize();
    if (!(Number.isInteger(size1) && Number.isInteger(size2) && 0 < size1 && size1 <= size2 && size2 <= head)) {
      throw new Error(`sizes must satisfy 0 < size1 ≤ size2 ≤ ${head} (the log's size)`);
    }
    const get = (level: number, index: number) => this.repo.node(level, index);
    const [root1, root2, proof] = await Promise.all([treeRoot(size1, get), treeRoot(size2, get), consistencyProof(size1, size2, get)]);
    return { size1, size2, root1: b64(root1), root2: b64(root2), proof: proof.map(b64) };
  }

  /**
   * Recomputes the whole log from the leaf data: every leaf hash, every stored node and
   * every checkpoint ever issued (root and signature). Streams, so memory stays flat.
   */
  async verifyLog(): Promise<LogReport> {
    const problems: string[] = [];
    const checkpoints = await this.repo.checkpoints();
    const head = await this.repo.headSize();
    const bySize = new Map<number, CustodyCheckpointRow[]>();
    for (const cp of checkpoints) {
      this.checkCheckpointNote(cp, problems);
      if (cp.tree_size > head) problems.push(`checkpoint ${cp.id} is for size ${cp.tree_size} but the log has only ${head} leaves`);
      bySize.set(cp.tree_size, [...(bySize.get(cp.tree_size) ?? []), cp]);
    }
    const range = new CompactRange();
    const compareRoot = (size: number) => {
      const root = range.root().toString('hex');
      for (const cp of bySize.get(size) ?? []) {
        if (cp.root_hash !== root) problems.push(`checkpoint ${cp.id} (size ${size}) does not match the log: the log was rewritten`);
      }
    };
    compareRoot(0);
    let expected = 0;
    for (let page = await this.repo.leavesFrom(0, PAGE); page.length > 0; page = await this.repo.leavesFrom(expected, PAGE)) {
      for (const leaf of page) {
        if (leaf.idx !== expected) {
          problems.push(`leaf ${expected} is missing`);
          expected = leaf.idx;
        }
        const hash = leafHash(Buffer.from(leaf.data, 'utf8'));
        if (hash.toString('hex') !== leaf.leaf_hash) problems.push(`leaf ${leaf.idx} (${leaf.event}) was altered: its data no longer matches its hash`);
        range.append(hash);
        expected++;
        compareRoot(range.size);
      }
    }
    if (expected !== head) problems.push(`the log head says ${head} leaves but ${expected} were found`);
    await this.checkStoredNodes(expected, problems);
    return { leaves: expected, checkpoints: checkpoints.length, problems };
  }

  private checkCheckpointNote(cp: CustodyCheckpointRow, problems: string[]): void {
    try {
      const { text } = openNote(cp.note, [this.verifierKey]);
      const parsed = parseCheckpoint(text);
      if (parsed.origin !== this.origin) problems.push(`checkpoint ${cp.id} is for another log (${parsed.origin})`);
      if (parsed.size !== cp.tree_size || parsed.rootHash.toString('hex') !== cp.root_hash) {
        problems.push(`checkpoint ${cp.id}: its signed note disagrees with the recorded size or root`);
      }
    } catch (error) {
      problems.push(`checkpoint ${cp.id}: ${(error as Error).message}`);
    }
  }

  /** Rebuilds each level of perfect nodes from the one below, streaming both in index order. */
  private async checkStoredNodes(leafCount: number, problems: string[]): Promise<void> {
    for (let level = 1; leafCount >> level > 0; level++) {
      const count = leafCount >> level;
      const below = pagedHashes(level - 1, (start, limit) =>
        level - 1 === 0
          ? this.repo.leavesFrom(start, limit).then((rows) => rows.map((r) => ({ idx: r.idx, hash: r.leaf_hash })))
          : this.repo.nodesFrom(level - 1, start, limit),
      );
      const stored = pagedHashes(level, (start, limit) => this.repo.nodesFrom(level, start, limit));
      for (let index = 0; index < count; index++) {
        const left = await below.next();
        const right = await below.next();
        const node = await stored.next();
        if (!left || !right) break;
        const want = crypto.createHash('sha256').update(Buffer.from([1])).update(Buffer.from(left, 'hex')).update(Buffer.from(right, 'hex')).digest('hex');
        if (node !== want) {
          problems.push(`stored node ${level}/${index} ${node ? 'was altered' : 'is missing'}`);
          return;
        }
      }
    }
  }
}

/** Reads one level's hashes in index order, a page at a time; yields null past the end. */
function pagedHashes(level: number, fetch: (start: number, limit: number) => Promise<Array<{ idx: number; hash: string }>>) {
  let buffer: Array<{ idx: number; hash: string }> = [];
  let position = 0;
  let next = 0;
  return {
    level,
    async next(): Promise<string | null> {
      if (position >= buffer.length) {
        buffer = await fetch(next, PAGE);
        position = 0;
        if (buffer.length === 0) return null;
      }
      const row = buffer[position++]!;
      if (row.idx !== next) return null;
      next++;
      return row.hash;
    },
  };
}
