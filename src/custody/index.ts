// The custody module's contract: everything other modules may use of it.
export { decodeBase64Strict } from './base64.js';
export { CheckpointError, parseCheckpoint, type Checkpoint } from './checkpoint.js';
export { type CustodyEvent } from './custody-events.js';
export { CustodyRepository } from './custody-repository.js';
export { CustodyService, type InclusionBundle } from './custody-service.js';
export { ProofError, emptyRoot, verifyConsistency, verifyInclusion } from './merkle.js';
export { checkProofObject } from './proof-file.js';
export { readCertificateFile } from './rfc3161-certificates.js';
export { NoteError, checkName, generateNoteKeys, noteKeyId, openNote, splitNote, splitNoteKey, verifierKeyOf } from './signed-note.js';
export { splitVerifierKey, verifierKeyPem } from './verifier-key.js';
export { type CheckpointWitness, type WitnessAnswer } from './witness-port.js';
