// What the witness remembers of each log it trusts: the log's key, and the latest size and root it
// cosigned. One JSON file per log, replaced durably (see durable-file.ts) before any cosignature
// over the new state leaves the process.

import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { decodeBase64Strict } from '../custody/index.js';
import { emptyRoot } from '../custody/index.js';
import { checkLogVerifierKey } from './cosigner-keys.js';
import { writeFileDurably } from './durable-file.js';
import type { WitnessLayout } from './witness-folder.js';
import { WitnessError } from './witness-errors.js';

export interface LogState {
  format: 1;
  origin: string;
  logVerifierKey: string;
  /** The size of the latest checkpoint cosigned; 0 before the first. */
  size: number;
  /** Its root hash, base64 (the empty tree's before the first). */
  rootHash: string;
  /** The latest checkpoint cosigned, with the log's signature and this witness's cosignature. */
  checkpoint: string | null;
  /** When it was cosigned, in seconds since the epoch. */
  cosignedAt: number | null;
  trustedOn: string;
}

export function originHash(origin: string): string {
  return crypto.createHash('sha256').update(origin, 'utf8').digest('hex');
}

function stateFile(layout: WitnessLayout, origin: string): string {
  return path.join(layout.logsDir, `${originHash(origin)}.json`);
}

/** An origin is one line of a checkpoint: not empty, no control characters, no surrounding spaces. */
function checkOrigin(origin: string): void {
  if (origin === '' || origin.trim() !== origin || /\p{Cc}/u.test(origin)) {
    throw new WitnessError(`the log origin must be the first line of its checkpoints, e.g. vigil/custody/example-1a2b3c4d (got ${JSON.stringify(origin)})`);
  }
}

/** Adds a log the witness will cosign for. A log already trusted keeps its state; it cannot be re-keyed here. */
export async function trustLog(layout: WitnessLayout, origin: string, logVerifierKey: string): Promise<LogState> {
  checkOrigin(origin);
  checkLogVerifierKey(logVerifierKey);
  const state: LogState = {
    format: 1,
    origin,
    logVerifierKey,
    size: 0,
    rootHash: emptyRoot().toString('base64'),
    checkpoint: null,
    cosignedAt: null,
    trustedOn: new Date().toISOString().slice(0, 10),
  };
  try {
    await writeFileDurably(stateFile(layout, origin), serialise(state), { exclusive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const existing = await readLogState(layout, origin);
    if (existing?.logVerifierKey === logVerifierKey) return existing;
    throw new WitnessError(
      `the log ${origin} is already trusted with another key (${existing?.logVerifierKey}): a witness does not change a log's key, because that would let anyone holding the new key rewrite the log's history`,
    );
  }
  return state;
}

/** The state of the log with this origin, or null when the witness does not trust it. */
export async function readLogState(layout: WitnessLayout, origin: string): Promise<LogState | null> {
  return readStateFile(stateFile(layout, origin));
}

export async function readLogStateByHash(layout: WitnessLayout, hash: string): Promise<LogState | null> {
  if (!/^[0-9a-f]{64}$/.test(hash)) return null;
  return readStateFile(path.join(layout.logsDir, `${hash}.json`));
}

export async function listLogStates(layout: WitnessLayout): Promise<LogState[]> {
  const names = (await fs.readdir(layout.logsDir)).filter((name) => /^[0-9a-f]{64}\.json$/.test(name)).sort();
  const states = await Promise.all(names.map((name) => readStateFile(path.join(layout.logsDir, name))));
  return states.filter((state): state is LogState => state !== null).sort((a, b) => a.origin.localeCompare(b.origin));
}

/** Replaces a log's state; returns once it is on disk. */
export async function saveLogState(layout: WitnessLayout, state: LogState): Promise<void> {
  await writeFileDurably(stateFile(layout, state.origin), serialise(state));
}

function serialise(state: LogState): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

async function readStateFile(file: string): Promise<LogState | null> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  let state: Partial<LogState>;
  try {
    state = JSON.parse(text) as Partial<LogState>;
  } catch {
    throw new WitnessError(`the witness's state file ${file} is not valid JSON: restore it from a backup`);
  }
  const root = typeof state.rootHash === 'string' ? decodeBase64Strict(state.rootHash) : undefined;
  if (
    state.format !== 1 ||
    typeof state.origin !== 'string' ||
    typeof state.logVerifierKey !== 'string' ||
    !Number.isSafeInteger(state.size) ||
    (state.size as number) < 0 ||
    root?.length !== 32 ||
    (state.checkpoint !== null && typeof state.checkpoint !== 'string')
  ) {
    throw new WitnessError(`the witness's state file ${file} is damaged: restore it from a backup`);
  }
  if (path.basename(file) !== `${originHash(state.origin)}.json`)
    throw new WitnessError(`the witness's state file ${file} holds another log's state (${state.origin})`);
  return state as LogState;
}
