// c2sp.org/tlog-cosignature, Ed25519 (cosignature/v1): a note signature line over a checkpoint,
//
//   — <witness name> base64(key id ‖ u64 big-endian timestamp ‖ Ed25519 signature)
//
// where the signature covers "cosignature/v1\ntime <timestamp>\n" followed by the checkpoint's whole
// note text (extension lines included, signature lines not).

import { sign, verify } from 'node:crypto';
import { CheckpointError, parseCheckpoint } from '../custody/index.js';
import { decodeBase64Strict } from '../custody/index.js';
import { NoteError, splitNote } from '../custody/index.js';
import { parseCosignerSignerKey, parseCosignerVerifierKey, type CosignerVerifier } from './cosigner-keys.js';
import { WitnessError } from './witness-errors.js';

const SIGNATURE_PREFIX = '— '; // U+2014 em dash, then a space
const TIMESTAMP_BYTES = 8;
const ED25519_SIGNATURE_BYTES = 64;

/**
 * The checkpoint text of `textOrNote`: a checkpoint's lines are never empty, so a blank line can only
 * be the one before a signed note's signatures, and a whole note may be passed in place of its text.
 */
export function checkpointTextOf(textOrNote: string): string {
  let text = textOrNote;
  if (text.includes('\n\n')) {
    try {
      text = splitNote(text).text;
    } catch (error) {
      if (error instanceof NoteError) throw new WitnessError(`not a checkpoint: ${error.message}`);
      throw error;
    }
  }
  try {
    parseCheckpoint(text);
  } catch (error) {
    if (error instanceof CheckpointError) throw new WitnessError(`not a checkpoint: ${error.message}`);
    throw error;
  }
  return text;
}

/** The bytes a cosignature/v1 signs. */
export function cosignedMessage(checkpointText: string, timeSeconds: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timeSeconds}\n${checkpointText}`, 'utf8');
}

/** A cosignature's time must be a positive POSIX time (add-checkpoint forbids zero; the spec caps it at 2^63 - 1). */
function checkTime(timeSeconds: number): void {
  if (!Number.isSafeInteger(timeSeconds) || timeSeconds <= 0) {
    throw new WitnessError(`a cosignature's time must be a positive whole number of seconds, got ${String(timeSeconds)}`);
  }
}

/** The signature line (with its newline) of a witness's cosignature over a checkpoint body (note text). */
export function cosign(checkpointText: string, signerKey: string, timeSeconds: number): string {
  checkTime(timeSeconds);
  const text = checkpointTextOf(checkpointText);
  const signer = parseCosignerSignerKey(signerKey);
  const signature = sign(null, cosignedMessage(text, timeSeconds), signer.privateKey);
  const blob = Buffer.alloc(4 + TIMESTAMP_BYTES + ED25519_SIGNATURE_BYTES);
  blob.writeUInt32BE(signer.keyId, 0);
  blob.writeBigUInt64BE(BigInt(timeSeconds), 4);
  signature.copy(blob, 4 + TIMESTAMP_BYTES);
  return `${SIGNATURE_PREFIX}${signer.name} ${blob.toString('base64')}\n`;
}

/** Name and key id of one signature line, and the bytes after the key id. */
function splitLine(line: string): { name: string; keyId: number; rest: Buffer } {
  const bare = line.endsWith('\n') ? line.slice(0, -1) : line;
  if (!bare.startsWith(SIGNATURE_PREFIX)) throw new WitnessError(`not a signature line (it must start with "— "): ${JSON.stringify(bare.slice(0, 80))}`);
  const [name = '', encoded, ...extra] = bare.slice(SIGNATURE_PREFIX.length).split(' ');
  const blob = encoded === undefined || extra.length > 0 ? undefined : decodeBase64Strict(encoded);
  if (!blob || blob.length < 4) throw new WitnessError(`the signature line of ${JSON.stringify(name)} is not "— name base64(key id ‖ signature)"`);
  return { name, keyId: blob.readUInt32BE(0), rest: blob.subarray(4) };
}

function belongsTo(line: { name: string; keyId: number }, witness: CosignerVerifier): boolean {
  return line.name === witness.name && line.keyId === witness.keyId;
}

/**
 * Checks one cosignature line ("— name base64…") over `checkpointText` with the witness's verifier key;
 * returns the cosigned time; throws WitnessError saying why not.
 */
export function verifyCosignature(checkpointText: string, line: string, witnessVerifierKey: string): { time: number } {
  const witness = parseCosignerVerifierKey(witnessVerifierKey);
  const text = checkpointTextOf(checkpointText);
  const parsed = splitLine(line);
  if (!belongsTo(parsed, witness)) {
    throw new WitnessError(
      `the cosignature is by ${parsed.name} with key id ${parsed.keyId.toString(16).padStart(8, '0')}, not by the witness key ${witness.name}+${witness.keyId.toString(16).padStart(8, '0')}`,
    );
  }
  if (parsed.rest.length !== TIMESTAMP_BYTES + ED25519_SIGNATURE_BYTES) {
    throw new WitnessError(
      `the cosignature of ${witness.name} has ${parsed.rest.length} bytes after the key id, expected ${TIMESTAMP_BYTES + ED25519_SIGNATURE_BYTES} (a timestamp and an Ed25519 signature)`,
    );
  }
  const time = parsed.rest.readBigUInt64BE(0);
  if (time === 0n || time > BigInt(Number.MAX_SAFE_INTEGER)) throw new WitnessError(`the cosignature of ${witness.name} has an invalid time (${time})`);
  const signature = parsed.rest.subarray(TIMESTAMP_BYTES);
  if (!verify(null, cosignedMessage(text, Number(time)), witness.publicKey, signature)) {
    throw new WitnessError(`the cosignature of ${witness.name} does not verify: the checkpoint or the cosignature was altered, or another key made it`);
  }
  return { time: Number(time) };
}

/** Cosignature lines (without their newlines) in a signed note's signature block that belong to `witnessVerifierKey`. */
export function cosignatureLinesOf(note: string, witnessVerifierKey: string): string[] {
  const witness = parseCosignerVerifierKey(witnessVerifierKey);
  let signatures;
  try {
    signatures = splitNote(note).signatures;
  } catch (error) {
    if (error instanceof NoteError) throw new WitnessError(`not a signed note: ${error.message}`);
    throw error;
  }
  return signatures.filter((signature) => belongsTo(signature, witness)).map((signature) => signature.line);
}

/** The lines of a witness's answer that belong to `witnessVerifierKey`; lines by other keys are ignored, as the spec asks. */
export function cosignatureLinesIn(answer: string, witnessVerifierKey: string): string[] {
  const witness = parseCosignerVerifierKey(witnessVerifierKey);
  const lines = answer.split('\n').filter((line) => line !== '');
  return lines.filter((line) => belongsTo(splitLine(line), witness));
}
