// The witness of c2sp.org/tlog-witness, with c2sp.org/tlog-cosignature Ed25519 (cosignature/v1)
// cosignatures: what a Vigil log uses to have its checkpoints cosigned, and what `vigil witness`
// runs for others. This file is the module's contract: no code outside src/witness imports deeper.
//
// Lines: every function that returns signature lines returns them without their newline, except
// `cosign`, whose answer (like a witness's HTTP answer) ends in one, so that `note + cosign(…)` is a
// signed note. Functions that take a line accept it with or without its newline. Where a checkpoint's
// text is asked for, the whole signed note may be given instead: its text is what is signed.

export { generateWitnessKeys } from './cosigner-keys.js';
export { cosign, cosignatureLinesOf, verifyCosignature } from './cosignature.js';
export { cosignatureEvidence, type CosignatureEvidence } from './cosignature-evidence.js';
export { parseWitnessEndpoint, type WitnessEndpoint } from './witness-endpoint.js';
export { addCheckpoint } from './witness-client.js';
export { latestCosignedCheckpoint } from './latest-checkpoint.js';
export { WitnessConflictError, WitnessError, WitnessRefusedError, WitnessUnreachableError } from './witness-errors.js';
export type { RunningWitness } from './witness-server.js';

/** The witness server (Fastify), for `vigil witness serve` and for tests; loaded only when started, so a log's client never loads it. */
export async function startWitnessServer(options: {
  dir: string;
  signerKey: string;
  host: string;
  port: number;
}): Promise<import('./witness-server.js').RunningWitness> {
  return (await import('./witness-server.js')).startWitnessServer(options);
}

// For `vigil witness`: the witness's folder and what it remembers.
export { loadWitnessConfig, type WitnessConfig } from './witness-config.js';
export { initWitness, readWitnessSettings, unlockWitnessKey, witnessLayout, type WitnessSettings } from './witness-folder.js';
export { listLogStates, trustLog, type LogState } from './log-states.js';
