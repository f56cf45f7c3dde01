// The witness's side of c2sp.org/tlog-witness add-checkpoint: the checks, in the order and with the
// HTTP statuses the specification gives, then the state saved, then the cosignature returned.

import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { CheckpointError, parseCheckpoint, type Checkpoint } from '../custody/index.js';
import { emptyRoot, ProofError, verifyConsistency } from '../custody/index.js';
import { NoteError, openNote, splitNote, splitNoteKey } from '../custody/index.js';
import { MalformedRequestError, parseAddCheckpointRequest, type AddCheckpointRequest } from './add-checkpoint-request.js';
import { cosign } from './cosignature.js';
import { KeyedLock } from './keyed-lock.js';
import { originHash, readLogState, saveLogState, type LogState } from './log-states.js';
import type { WitnessLayout } from './witness-folder.js';
import { WitnessConflictError, WitnessRefusedError } from './witness-errors.js';

/** Refused checkpoints kept per log as evidence; beyond this a misbehaving log cannot fill the disk. */
const MAX_KEPT_REFUSALS = 100;

interface Submission {
  request: AddCheckpointRequest;
  /** The note's text: the checkpoint body. */
  text: string;
  checkpoint: Checkpoint;
}

export class WitnessService {
  readonly #locks = new KeyedLock();

  constructor(
    private readonly layout: WitnessLayout,
    private readonly signerKey: string,
    private readonly now: () => number = () => Math.floor(Date.now() / 1000),
  ) {}

  /** Checks a request body and returns the cosignature line(s); throws WitnessRefusedError or WitnessConflictError. */
  async addCheckpoint(body: string): Promise<string> {
    const submission = parse(body);
    const { origin } = submission.checkpoint;
    // Check and update under one lock per log: two requests from the same old size can never both pass.
    return this.#locks.run(origin, async () => {
      const state = await readLogState(this.layout, origin);
      if (!state) throw new WitnessRefusedError(`unknown log: this witness does not witness the origin ${JSON.stringify(origin)}`, 404);
      try {
        openNote(submission.request.note, [state.logVerifierKey]);
      } catch (error) {
        if (error instanceof NoteError)
          throw new WitnessRefusedError(`invalid signature: the checkpoint is not signed by the log's key ${state.logVerifierKey} (${error.message})`, 403);
        throw error;
      }
      try {
        checkConsistency(submission, state);
      } catch (error) {
        if (error instanceof WitnessRefusedError && error.status === 422) await this.#keepRefusal(state, body, error.message);
        throw error;
      }
      const time = this.now();
      const cosignature = cosign(submission.text, this.signerKey, time);
      await saveLogState(this.layout, {
        ...state,
        size: submission.checkpoint.size,
        rootHash: submission.checkpoint.rootHash.toString('base64'),
        checkpoint: withLogSignatures(submission, state.logVerifierKey) + cosignature,
        cosignedAt: time,
      });
      return cosignature;
    });
  }

  /** A log-signed checkpoint the witness cannot reconcile with what it cosigned may be proof of a fork: it is kept. */
  async #keepRefusal(state: LogState, body: string, reason: string): Promise<void> {
    const prefix = `${originHash(state.origin)}-`;
    const kept = (await fs.readdir(this.layout.forksDir)).filter((name) => name.startsWith(prefix)).length;
    if (kept >= MAX_KEPT_REFUSALS) return;
    const digest = crypto.createHash('sha256').update(body).digest('hex').slice(0, 16);
    const record = { origin: state.origin, refusedAt: new Date().toISOString(), reason, cosigned: state.checkpoint, submitted: body };
    await fs
      .writeFile(path.join(this.layout.forksDir, `${prefix}${digest}.json`), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
      .catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error;
      });
  }
}

function parse(body: string): Submission {
  try {
    const request = parseAddCheckpointRequest(body);
    const { text } = splitNote(request.note);
    return { request, text, checkpoint: parseCheckpoint(text) };
  } catch (error) {
    if (error instanceof MalformedRequestError || error instanceof NoteError || error instanceof CheckpointError) {
      throw new WitnessRefusedError(`malformed request: ${error.message}`, 400);
    }
    throw error;
  }
}

function checkConsistency({ request, checkpoint }: Submission, state: LogState): void {
  const { oldSize, proof } = request;
  const { size, rootHash } = checkpoint;
  if (oldSize > size) throw new WitnessRefusedError(`the old size ${oldSize} is larger than the checkpoint's size ${size}`, 400);
  if (oldSize !== state.size) throw new WitnessConflictError(`this witness last cosigned size ${state.size}, not ${oldSize}`, state.size);
  const refuse = (reason: string) => new WitnessRefusedError(reason, 422);
  if (size === 0 && !rootHash.equals(emptyRoot())) throw refuse('a checkpoint of size 0 must have the root hash of the empty tree');
  if (oldSize === 0) {
    if (proof.length > 0) throw refuse('the consistency proof from size 0 must be empty: every tree extends the empty tree');
    return;
  }
  const cosignedRoot = Buffer.from(state.rootHash, 'base64');
  if (oldSize === size) {
    if (proof.length > 0) throw refuse(`the consistency proof between two checkpoints of size ${size} must be empty`);
    if (!rootHash.equals(cosignedRoot)) throw refuse(`fork: this witness cosigned size ${size} with another root hash; the log's history was rewritten`);
    return;
  }
  try {
    verifyConsistency(oldSize, size, cosignedRoot, rootHash, proof);
  } catch (error) {
    if (error instanceof ProofError)
      throw refuse(
        `the consistency proof from size ${oldSize} does not verify (${error.message}): the checkpoint does not extend the one this witness cosigned`,
      );
    throw error;
  }
}

/** The checkpoint with only the log's own signature lines: the other witnesses' are not this witness's to vouch for. */
function withLogSignatures({ request, text }: Submission, logVerifierKey: string): string {
  const key = splitNoteKey(logVerifierKey, 'log verifier key');
  const keyId = parseInt(key.id, 16);
  const lines = splitNote(request.note).signatures.filter((s) => s.name === key.name && s.keyId === keyId);
  return `${text}\n${lines.map((s) => `${s.line}\n`).join('')}`;
}
