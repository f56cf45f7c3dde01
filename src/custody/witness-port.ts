/** A witness's answer to a submitted checkpoint (C2SP tlog-witness), as the log sees it. */
export type WitnessAnswer =
  | { kind: 'cosigned'; lines: string[] }
  /** 409: the witness last cosigned another size than the one the request started from. */
  | { kind: 'conflict'; latestSize: number; message: string }
  | { kind: 'refused'; status: number; message: string }
  | { kind: 'unreachable'; message: string };

/** What the custody log needs of a witness; the app wires in the tlog-witness client. */
export interface CheckpointWitness {
  readonly name: string;
  readonly verifierKey: string;
  submit(request: { oldSize: number; proof: Buffer[]; note: string }): Promise<WitnessAnswer>;
  /** The latest checkpoint it cosigned for the log (a signed note with its checked cosignature), null if none. */
  latestCheckpoint(origin: string): Promise<{ note: string | null } | { error: string }>;
  /** This witness's cosignatures in a signed note, each checked: its time, or why it fails. */
  cosignaturesIn(note: string): Array<{ time: number } | { error: string }>;
  /** Its valid cosignatures split for standard tools: the signed bytes, the raw signature, the key as PEM. */
  cosignatureEvidence(note: string): Array<{ time: number; message: Buffer; signature: Buffer; publicKeyPem: string }>;
}
