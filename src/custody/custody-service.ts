import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Db } from '../db/index.js';
import type { CustodyCheckpointRow, VigilDatabase } from '../db/index.js';
import { newId } from '../db/index.js';
import { runInTransaction } from '../db/index.js';
import { CustodyRepository, type NewLeaf } from './custody-repository.js';
import { encodeEvent, type CustodyEvent } from './custody-events.js';
import {
  CompactRange,
  completedNodes,
  consistencyProof,
  inclusionProof,
  leafHash,
  treeRoot,
  verifyConsistency,
  verifyInclusion,
  type NodeGetter,
} from './merkle.js';
import { formatCheckpoint, parseCheckpoint } from './checkpoint.js';
import { openNote, signNote } from './signed-note.js';
// The RFC 3161 client (pkijs, 12 MB of memory) loads where a checkpoint is timestamped or its token checked.
import type { VerifyTimestampOptions } from './rfc3161.js';
const timestamping = () => import('./rfc3161.js');
import { CheckpointFile } from './checkpoint-file.js';
import { replayCheckpointFile, transcriptLeaf, type SignedCheckpoint, type Transcript } from './checkpoint-transcript.js';
import { LogRewrittenError, NotCheckpointedError } from './custody-errors.js';
import { describeAlteredLeaf, firstAlteredLeaf } from './first-altered-leaf.js';
import type { CheckpointWitness } from './witness-port.js';
import { submitToWitnesses } from './witness-submission.js';

export { LogRewrittenError, NotCheckpointedError } from './custody-errors.js';

/** Perfect nodes a leaf prover keeps (64 bytes of hex and a key each): the top ~15 levels of any log. */
const PROVER_NODES = 32_768;

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
  /** What the checkpoint file vouches for, or null when there is none yet. */
  checkpointFile: { checkpoints: number; leaves: number } | null;
  /** The checkpoint verified from, when one was given. */
  trusted: { size: number; consistent: boolean } | null;
  /** What is worth knowing but proves nothing wrong: an append a crash cut short, an anchor that is missing. */
  notices: string[];
  /** The first leaf that differs from what was signed, when the checkpoint file can tell. */
  firstAlteredLeaf: number | null;
  /**
   * Per configured witness: how many stored checkpoints it cosigned (all checked), the size of the latest
   * checkpoint it holds for this log (asked of it), or why it could not be asked.
   */
  witnesses: Array<{ name: string; cosigned: number; holds: number | null; unreachable: string | null }>;
  problems: string[];
}

/** Where the log is anchored outside its database. */
export interface CustodyAnchors {
  checkpointFile: string;
  /** Whether the checkpoint file sits in the home, where whoever can write to the database can reach it too. */
  checkpointFileInHome: boolean;
  witnesses: CheckpointWitness[];
  /** How many witnesses must cosign a checkpoint for it to be recorded. */
  quorum: number;
  /** The TSA certificates and CA that RFC 3161 tokens are checked against, beyond the certificate a token carries. */
  timestampTrust?: Pick<VerifyTimestampOptions, 'tsaCertificates' | 'trustedCas'>;
}

export interface NewCheckpoint extends CustodyCheckpointRow {
  timestampError: string | null;
  /** Witnesses that could not cosign (unreachable, misconfigured): the checkpoint is kept without them. */
  witnessProblems: string[];
  cosignedBy: string[];
}

const PAGE = 5000;
const b64 = (b: Buffer) => b.toString('base64');

/** The append-only custody log: leaves, signed checkpoints, proofs, and a full self-check. */
export class CustodyService {
  private readonly repo: CustodyRepository;
  private readonly file: CheckpointFile;
  private lastOpened: { note: string; signed: { size: number; root: Buffer } } | null = null;

  constructor(
    private readonly db: Db,
    private readonly origin: string,
    private readonly verifierKey: string,
    private readonly anchors: CustodyAnchors,
  ) {
    this.repo = new CustodyRepository(db);
    this.file = new CheckpointFile(anchors.checkpointFile);
  }

  /** Appends events inside the caller's transaction, so they commit with what they describe. */
  async append(trx: Transaction<VigilDatabase>, events: CustodyEvent[], at = new Date().toISOString()): Promise<number[]> {
    if (events.length === 0) return [];
    const start = await this.repo.lockHead(trx);
    const pending = new Map<string, Buffer>();
    const getNode = async (level: number, index: number) => pending.get(`${level}/${index}`) ?? this.repo.node(level, index, trx);
    const leaves: NewLeaf[] = [];
    const nodes: Array<{ level: number; index: number; hash: Buffer }> = [];
    for (const [offset, event] of events.entries()) {
      const idx = start + offset;
      const data = encodeEvent(event, at);
      const hash = leafHash(Buffer.from(data, 'utf8'));
      pending.set(`0/${idx}`, hash);
      leaves.push({ idx, event: event.event, itemId: 'item' in event ? event.item : null, data, leafHash: hash, createdAt: at });
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

  /**
   * Appends events in the caller's unit of work when one is open on this database (`runInTransaction`),
   * so they commit or roll back with what they describe; otherwise in a transaction of their own. The
   * head's lock is held until that transaction ends: appends stay serialised.
   */
  async record(events: CustodyEvent[]): Promise<number[]> {
    return runInTransaction(this.db, (trx) => this.append(trx, events));
  }

  async size(): Promise<number> {
    return this.repo.headSize();
  }

  /**
   * Signs the current tree head, after checking that the log extends the newest checkpoint in the
   * database and in the checkpoint file; submits it to the witnesses, whose cosignatures join the note;
   * with a TSA URL, timestamps the cosigned note. Then records it in the database and the checkpoint file.
   * An unreachable witness or authority does not stop custody: the checkpoint is kept and the failure
   * returned. A witness that says the log forked does: nothing is recorded.
   */
  async checkpoint(signerKey: string, tsaUrl: URL | null): Promise<NewCheckpoint> {
    return this.file.withLock(async () => {
      const size = await this.repo.headSize();
      const root = await treeRoot(size, (level, index) => this.repo.node(level, index));
      const { transcript, checkpoints } = await this.checkAnchors(size, root);
      const signed = signNote(formatCheckpoint({ origin: this.origin, size, rootHash: root }), signerKey);
      const round = await submitToWitnesses(this.anchors.witnesses, this.anchors.quorum, {
        note: signed,
        size,
        lastCosigned: (witness) => lastCosignedSize(witness, [...checkpoints.map((cp) => cp.note), ...transcript.checkpoints.map((cp) => cp.note)]),
        consistencyProof: (oldSize, newSize) => consistencyProof(oldSize, newSize, (level, index) => this.repo.node(level, index)),
      });
      const note = `${signed}${round.lines.map((line) => `${line}\n`).join('')}`;
      let token: string | null = null;
      let timestampError: string | null = null;
      if (tsaUrl) {
        try {
          token = (await (await timestamping()).requestTimestamp(tsaUrl.toString(), Buffer.from(note, 'utf8'), this.anchors.timestampTrust)).token.toString(
            'base64',
          );
        } catch (error) {
          timestampError = (error as Error).message;
        }
      }
      const newLeaves = await this.leafHashesFrom(transcript, size, root);
      const row: CustodyCheckpointRow = {
        id: newId('ckp'),
        tree_size: size,
        root_hash: root.toString('hex'),
        note,
        timestamp_token: token,
        tsa_url: tsaUrl ? tsaUrl.toString() : null,
        created_at: new Date().toISOString(),
      };
      // The database first: a checkpoint the file holds and the database lacks means the database lost it.
      await this.repo.insertCheckpoint(row);
      await this.file.append(transcript.leaves.length / 32, newLeaves, note);
      const cosignedBy = this.anchors.witnesses.filter((w) => w.cosignaturesIn(note).some((c) => 'time' in c)).map((w) => w.name);
      return { ...row, timestampError, witnessProblems: round.problems, cosignedBy };
    });
  }

  /**
   * Throws LogRewrittenError unless the log as stored now extends the newest checkpoint found in the
   * database and in the checkpoint file, and the database holds every checkpoint the file does. The
   * message names the first altered leaf when the checkpoint file can tell.
   */
  async assertAnchored(): Promise<void> {
    const size = await this.repo.headSize();
    const root = await treeRoot(size, (level, index) => this.repo.node(level, index));
    await this.checkAnchors(size, root);
  }

  private async checkAnchors(size: number, root: Buffer): Promise<{ transcript: Transcript; checkpoints: CustodyCheckpointRow[] }> {
    const transcript = await replayCheckpointFile(this.file, (note) => this.openCheckpoint(note));
    const checkpoints = await this.repo.checkpoints();
    const problems = [...transcript.problems, ...compareFileWithDatabase(transcript, checkpoints)];
    const latest = checkpoints[checkpoints.length - 1];
    const anchors: Array<{ what: string; checkpoint: SignedCheckpoint }> = [];
    if (latest) {
      try {
        anchors.push({ what: `checkpoint ${latest.id}`, checkpoint: { ...this.openCheckpoint(latest.note), note: latest.note } });
      } catch (error) {
        problems.push(`checkpoint ${latest.id} cannot be trusted: ${(error as Error).message}`);
      }
    }
    const fileLatest = transcript.checkpoints[transcript.checkpoints.length - 1];
    if (fileLatest) anchors.push({ what: `the checkpoint file's latest checkpoint`, checkpoint: fileLatest });
    const witnessed = await this.witnessedCheckpoints();
    problems.push(...witnessed.problems);
    for (const { witness, checkpoint } of witnessed.held) anchors.push({ what: `the checkpoint witness ${witness} cosigned`, checkpoint });
    for (const { what, checkpoint } of anchors) {
      const problem = await this.extensionProblem(checkpoint, size, root);
      if (problem) problems.push(`the custody log no longer extends ${what} (size ${checkpoint.size}): ${problem}`);
    }
    if (problems.length > 0) {
      const altered = await firstAlteredLeaf(this.repo, transcript);
      const lead = altered ? `${describeAlteredLeaf(altered)}; ` : '';
      throw new LogRewrittenError(
        `the custody log does not match what was signed: ${lead}${problems.join('; ')}. Nothing was signed; run \`vigil custody verify\`.`,
      );
    }
    return { transcript, checkpoints };
  }

  /**
   * The latest checkpoint each witness holds for this log, signed by the log's key. A witness that cannot
   * be asked is only noted: the log's own anchors and the next submission still stand.
   */
  private async witnessedCheckpoints(): Promise<{
    held: Array<{ witness: string; checkpoint: SignedCheckpoint }>;
    unreachable: Map<string, string>;
    problems: string[];
  }> {
    const held: Array<{ witness: string; checkpoint: SignedCheckpoint }> = [];
    const unreachable = new Map<string, string>();
    const problems: string[] = [];
    const answers = await Promise.all(this.anchors.witnesses.map((w) => w.latestCheckpoint(this.origin)));
    for (const [i, answer] of answers.entries()) {
      const witness = this.anchors.witnesses[i]!;
      if ('error' in answer) unreachable.set(witness.name, answer.error);
      else if (answer.note !== null) {
        try {
          held.push({ witness: witness.name, checkpoint: { ...this.openCheckpoint(answer.note), note: answer.note } });
        } catch (error) {
          problems.push(`witness ${witness.name} holds a checkpoint of this log that its key did not sign: ${(error as Error).message}`);
        }
      }
    }
    return { held, unreachable, problems };
  }

  /** Null when the current tree (size, root, from the stored nodes) extends the signed checkpoint. */
  private async extensionProblem(checkpoint: SignedCheckpoint, size: number, root: Buffer): Promise<string | null> {
    if (checkpoint.size === 0) return null;
    if (checkpoint.size > size) return `the log has ${size} leaves, fewer than the ${checkpoint.size} already signed`;
    try {
      const proof = await consistencyProof(checkpoint.size, size, (level, index) => this.repo.node(level, index));
      verifyConsistency(checkpoint.size, size, checkpoint.root, root, proof);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }

  /** The leaf hashes after the checkpoint file's last leaf, recomputed from the leaf data, which must give `root`. */
  private async leafHashesFrom(transcript: Transcript, size: number, root: Buffer): Promise<Buffer> {
    const start = transcript.leaves.length / 32;
    const range = new CompactRange();
    for (let idx = 0; idx < start; idx++) range.append(transcriptLeaf(transcript, idx)!);
    const hashes: Buffer[] = [];
    for (let page = await this.repo.leavesFrom(start, PAGE); page.length > 0 && range.size < size; page = await this.repo.leavesFrom(range.size, PAGE)) {
      for (const leaf of page) {
        if (leaf.idx !== range.size || leaf.idx >= size) break;
        const hash = leafHash(Buffer.from(leaf.data, 'utf8'));
        range.append(hash);
        hashes.push(hash);
      }
    }
    if (range.size !== size || !range.root().equals(root)) {
      throw new LogRewrittenError('refusing to sign: the stored leaves do not give the root of the stored nodes. Run `vigil custody verify`.');
    }
    return Buffer.concat(hashes);
  }

  /** A signed checkpoint of this log: its size and root; throws unless the log's key signed it. */
  private openCheckpoint(note: string): { size: number; root: Buffer } {
    // A verify proves every item against one checkpoint: its signature is checked once, not once an item.
    if (this.lastOpened?.note === note) return this.lastOpened.signed;
    const parsed = parseCheckpoint(openNote(note, [this.verifierKey]).text);
    if (parsed.origin !== this.origin) throw new Error(`it is for another log (${parsed.origin})`);
    const signed = { size: parsed.size, root: parsed.rootHash };
    this.lastOpened = { note, signed };
    return signed;
  }

  async latestCheckpoint(): Promise<CustodyCheckpointRow | undefined> {
    return this.repo.latestCheckpoint();
  }

  /** When items were last verified, and the ids of every item a verify ever found failed (read from the log). */
  async verificationSummary(): Promise<{ lastAt: string | null; everFailed: string[] }> {
    return this.repo.verificationSummary();
  }

  /** Verified leaves that name an item, newest first, older than `before`. */
  latestVerifiedItems(before: { at: string; idx: number } | null, limit: number): Promise<Array<{ itemId: string; at: string; idx: number }>> {
    return this.repo.latestVerifiedItems(before, limit);
  }

  /** The inclusion proof of one leaf against the latest checkpoint. */
  async proveLeaf(leafIdx: number, checkpoint?: CustodyCheckpointRow): Promise<InclusionBundle> {
    return this.proveAgainst(leafIdx, checkpoint ?? (await this.repo.latestCheckpoint()), (level, index) => this.repo.node(level, index));
  }

  /**
   * proveLeaf for many leaves against one checkpoint (a verify of every item): the perfect nodes above the
   * leaves, which their proofs share, are read once (up to PROVER_NODES of them), not once a leaf.
   */
  leafProver(checkpoint: CustodyCheckpointRow): (leafIdx: number) => Promise<InclusionBundle> {
    const nodes = new Map<string, Buffer>();
    const get = async (level: number, index: number): Promise<Buffer> => {
      if (level === 0) return this.repo.node(level, index);
      const key = `${level}/${index}`;
      const known = nodes.get(key);
      if (known) return known;
      const hash = await this.repo.node(level, index);
      if (nodes.size >= PROVER_NODES) nodes.clear();
      nodes.set(key, hash);
      return hash;
    };
    return (leafIdx) => this.proveAgainst(leafIdx, checkpoint, get);
  }

  private async proveAgainst(leafIdx: number, cp: CustodyCheckpointRow | undefined, get: NodeGetter): Promise<InclusionBundle> {
    if (!cp || cp.tree_size <= leafIdx) {
      throw new NotCheckpointedError(`custody leaf ${leafIdx} is not covered by a checkpoint yet: run \`vigil custody checkpoint\` first`);
    }
    const leaf = await this.repo.leaf(leafIdx);
    if (!leaf) throw new Error(`custody log has no leaf ${leafIdx}`);
    // Size and root come from the signed note, never from the row's columns, and the proof is checked
    // before it is handed out: a rewritten leaf gets no proof.
    const signed = this.openCheckpoint(cp.note);
    const hash = leafHash(Buffer.from(leaf.data, 'utf8'));
    const proof = await inclusionProof(leafIdx, signed.size, get);
    try {
      verifyInclusion(leafIdx, signed.size, hash, proof, signed.root);
    } catch (error) {
      throw new LogRewrittenError(
        `custody leaf ${leafIdx} (${leaf.event}) is not the leaf signed in checkpoint ${cp.id}: ${(error as Error).message}. Run \`vigil custody verify\`.`,
      );
    }
    return {
      leafIdx,
      treeSize: signed.size,
      root: b64(signed.root),
      leafHash: b64(hash),
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
   * Recomputes the whole log from the leaf data: every leaf hash, every stored node, every checkpoint
   * ever issued (root, signature, witnesses' cosignatures), the checkpoint file leaf by leaf, and, when
   * given, a trusted checkpoint kept elsewhere (by a witness, a lawyer, or published). Streams the
   * database, so memory stays flat but for the checkpoint file's leaf hashes (32 bytes a leaf).
   */
  async verifyLog(options: { trusted?: string } = {}): Promise<LogReport> {
    const problems: string[] = [];
    const trusted = options.trusted === undefined ? null : this.openTrusted(options.trusted);
    const checkpoints = await this.repo.checkpoints();
    const head = await this.repo.headSize();
    const transcript = await replayCheckpointFile(this.file, (note) => this.openCheckpoint(note));
    problems.push(...transcript.problems, ...compareFileWithDatabase(transcript, checkpoints));

    // Every signed root the log must reproduce, by size.
    const expected = new Map<number, Array<{ root: string; what: string }>>();
    const expect = (size: number, root: string, what: string) => expected.set(size, [...(expected.get(size) ?? []), { root, what }]);
    for (const cp of checkpoints) {
      this.checkCheckpointNote(cp, problems);
      this.checkCosignatures(cp, problems);
      await this.checkTimestamp(cp, problems);
      expect(cp.tree_size, cp.root_hash, `checkpoint ${cp.id} (size ${cp.tree_size}) does not match the log: the log was rewritten`);
    }
    for (const cp of transcript.checkpoints)
      expect(
        cp.size,
        cp.root.toString('hex'),
        `the checkpoint of size ${cp.size} in the checkpoint file (line ${cp.line}) does not match the log: the log was rewritten`,
      );
    const witnessed = await this.witnessedCheckpoints();
    problems.push(...witnessed.problems);
    for (const { witness, checkpoint } of witnessed.held) {
      expect(
        checkpoint.size,
        checkpoint.root.toString('hex'),
        `witness ${witness} cosigned a checkpoint of size ${checkpoint.size} that does not match the log: the log was rewritten`,
      );
    }
    let trustedConsistent = trusted !== null;
    if (trusted) {
      expect(
        trusted.size,
        trusted.root.toString('hex'),
        `the log does not extend the trusted checkpoint of size ${trusted.size}: its first ${trusted.size} leaves hash to another root`,
      );
    }

    const range = new CompactRange();
    const compareRoot = (size: number) => {
      const root = range.root().toString('hex');
      for (const want of expected.get(size) ?? []) {
        if (want.root === root) continue;
        problems.push(want.what);
        if (trusted && size === trusted.size && want.root === trusted.root.toString('hex')) trustedConsistent = false;
      }
    };
    compareRoot(0);
    let count = 0;
    let altered: number | null = null;
    for (let page = await this.repo.leavesFrom(0, PAGE); page.length > 0; page = await this.repo.leavesFrom(count, PAGE)) {
      for (const leaf of page) {
        if (leaf.idx !== count) {
          problems.push(`leaf ${count} is missing`);
          if (altered === null && count < transcript.anchored) altered = count;
          count = leaf.idx;
        }
        const hash = leafHash(Buffer.from(leaf.data, 'utf8'));
        if (hash.toString('hex') !== leaf.leaf_hash) problems.push(`leaf ${leaf.idx} (${leaf.event}) was altered: its data no longer matches its hash`);
        if (altered === null && leaf.idx < transcript.anchored && !hash.equals(transcriptLeaf(transcript, leaf.idx)!)) {
          altered = leaf.idx;
          problems.unshift(
            `leaf ${leaf.idx} (${leaf.event}${leaf.item_id ? `, item ${leaf.item_id}` : ''}) differs from the leaf signed in the checkpoint of size ${transcript.checkpoints.find((cp) => cp.size > leaf.idx)?.size} (checkpoint file): the log was rewritten from this leaf on`,
          );
        }
        range.append(hash);
        count++;
        compareRoot(range.size);
      }
    }
    if (count !== head) problems.push(`the log head says ${head} leaves but ${count} were found`);
    for (const cp of checkpoints)
      if (cp.tree_size > count) problems.push(`checkpoint ${cp.id} is for size ${cp.tree_size} but the log has only ${count} leaves`);
    for (const cp of transcript.checkpoints)
      if (cp.size > count) problems.push(`the checkpoint file holds a checkpoint of size ${cp.size}, but the log has only ${count} leaves: it was cut back`);
    for (const { witness, checkpoint } of witnessed.held) {
      if (checkpoint.size > count)
        problems.push(`witness ${witness} cosigned a checkpoint of size ${checkpoint.size}, but the log has only ${count} leaves: it was cut back`);
    }
    if (altered === null && transcript.anchored > count) altered = count;
    if (trusted && trusted.size > count) {
      trustedConsistent = false;
      problems.push(`the log has ${count} leaves, fewer than the ${trusted.size} of the trusted checkpoint: it was cut back`);
    }
    await this.checkStoredNodes(count, problems);
    return {
      leaves: count,
      checkpoints: checkpoints.length,
      checkpointFile: this.file.exists() ? { checkpoints: transcript.checkpoints.length, leaves: transcript.anchored } : null,
      trusted: trusted ? { size: trusted.size, consistent: trustedConsistent } : null,
      notices: [...transcript.notices, ...this.anchorNotices(), ...this.timestampNotices(checkpoints)],
      firstAlteredLeaf: altered,
      witnesses: this.anchors.witnesses.map((w) => {
        const cosigned = checkpoints.filter((cp) => w.cosignaturesIn(cp.note).some((c) => 'time' in c));
        const holds = witnessed.held.find((h) => h.witness === w.name)?.checkpoint.size ?? null;
        return { name: w.name, cosigned: cosigned.length, holds, unreachable: witnessed.unreachable.get(w.name) ?? null };
      }),
      problems,
    };
  }

  private anchorNotices(): string[] {
    if (this.anchors.witnesses.length > 0 || !this.anchors.checkpointFileInHome) return [];
    return [
      "no witness is configured and the checkpoint file is inside the home: someone who can write to the home can delete both with the database's checkpoints, and rewrite the log unseen. Set VIGIL_WITNESSES, or VIGIL_CHECKPOINT_FILE on another disk.",
    ];
  }

  /** A checkpoint kept outside the home, which must be signed by this log's key. */
  private openTrusted(note: string): { size: number; root: Buffer } {
    try {
      return this.openCheckpoint(note);
    } catch (error) {
      throw new Error(`the trusted checkpoint is not signed by this log's key (${this.verifierKey}): ${(error as Error).message}`, { cause: error });
    }
  }

  private checkCosignatures(cp: CustodyCheckpointRow, problems: string[]): void {
    for (const witness of this.anchors.witnesses) {
      for (const result of witness.cosignaturesIn(cp.note)) {
        if ('error' in result) problems.push(`checkpoint ${cp.id}: the cosignature of witness ${witness.name} does not check: ${result.error}`);
      }
    }
  }

  private timestampNotices(checkpoints: CustodyCheckpointRow[]): string[] {
    if (this.anchors.timestampTrust?.trustedCas?.length || !checkpoints.some((cp) => cp.timestamp_token !== null)) return [];
    return [
      "the RFC 3161 timestamps were checked against the certificate each token carries, not chained to a CA: set VIGIL_TSA_CA_FILE to the authority's CA certificate so that a token from a self-made authority is refused.",
    ];
  }

  /** A stored RFC 3161 token must verify (signature, signer certificate) and stamp exactly the stored note. */
  private async checkTimestamp(cp: CustodyCheckpointRow, problems: string[]): Promise<void> {
    if (cp.timestamp_token === null) return;
    try {
      await (await timestamping()).verifyTimestampToken(Buffer.from(cp.timestamp_token, 'base64'), Buffer.from(cp.note, 'utf8'), this.anchors.timestampTrust);
    } catch (error) {
      problems.push(`checkpoint ${cp.id}: its RFC 3161 timestamp${cp.tsa_url ? ` from ${cp.tsa_url}` : ''} does not verify: ${(error as Error).message}`);
    }
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
        const want = crypto
          .createHash('sha256')
          .update(Buffer.from([1]))
          .update(Buffer.from(left, 'hex'))
          .update(Buffer.from(right, 'hex'))
          .digest('hex');
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

/** The checkpoint file may hold fewer checkpoints than the database (other machines sign too), never more. */
function compareFileWithDatabase(transcript: Transcript, checkpoints: CustodyCheckpointRow[]): string[] {
  const problems: string[] = [];
  const inDatabase = new Set(checkpoints.map((cp) => `${cp.tree_size}/${cp.root_hash}`));
  if (transcript.checkpoints.length > checkpoints.length) {
    problems.push(
      `the checkpoint file holds ${transcript.checkpoints.length} checkpoints but the database only ${checkpoints.length}: checkpoints were deleted from the database`,
    );
  }
  const latest = transcript.checkpoints[transcript.checkpoints.length - 1];
  if (latest && !inDatabase.has(`${latest.size}/${latest.root.toString('hex')}`)) {
    problems.push(`the latest checkpoint in the checkpoint file (size ${latest.size}) is missing from the database`);
  }
  return problems;
}

/** The largest size among the notes that carry a valid cosignature of this witness. */
function lastCosignedSize(witness: CheckpointWitness, notes: string[]): number {
  let size = 0;
  for (const note of notes) {
    if (!witness.cosignaturesIn(note).some((c) => 'time' in c)) continue;
    try {
      size = Math.max(size, parseCheckpoint(note.slice(0, note.lastIndexOf('\n\n') + 1)).size);
    } catch {
      // a note that is not a checkpoint vouches for nothing
    }
  }
  return size;
}
