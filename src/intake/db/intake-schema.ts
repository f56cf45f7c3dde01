import type { Generated, Insertable, Selectable } from 'kysely';

/** The intake's own database: nothing in it is readable text (see docs/intake.md). Days, never times. */
export interface IntakeDatabase {
  intake_settings: { key: string; value: string };
  /** One row, locked by every admission of an upload so that they take turns. */
  intake_admission_lock: { id: number };
  intake_sources: { id: string; login_hash: string; reply_recipient: string; created_day: string };
  intake_submissions: {
    id: string;
    source_id: string;
    /** The questionnaire answers, an age file (base64) to the organisation. */
    answers_age: string | null;
    created_day: string;
  };
  intake_files: {
    id: string;
    submission_id: string;
    source_id: string;
    via: 'browser' | 'form';
    /** Total bytes of the age file being uploaded. */
    length: number;
    /** Bytes of it known to be on the disk, as of the last request that wrote to it (the disk reserve counts the rest). */
    written_bytes: Generated<number>;
    /** The file key and payload nonce, wrapped by the browser under a codename-derived key (base64). */
    wrapped_key: string | null;
    /** The age header the upload must begin with (base64). */
    header: string | null;
    fingerprint: string | null;
    /** A browser upload's file name, sealed under the source's codename-derived key (base64): only the source's browser opens it. */
    sealed_name: Generated<string | null>;
    /** name, size, type and SHA-256, an age file (base64) to the organisation. */
    manifest_age: string | null;
    state: IntakeFileState;
    problem: string | null;
    item_id: string | null;
    created_day: string;
    completed_day: string | null;
  };
  intake_messages: {
    id: string;
    source_id: string;
    seq: Generated<number>;
    direction: 'source' | 'staff';
    /** `{ body, author? }` as an age file (base64) to the organisation. */
    to_org_age: string;
    /** A staff reply's body as an age file (base64) to the source's reply recipient. */
    to_source_age: string | null;
    created_day: string;
  };
}

export const INTAKE_FILE_STATES = ['uploading', 'awaiting-manifest', 'complete', 'rejected', 'imported', 'damaged'] as const;
export type IntakeFileState = (typeof INTAKE_FILE_STATES)[number];
export type IntakeFileRow = Selectable<IntakeDatabase['intake_files']>;
export type NewIntakeFile = Insertable<IntakeDatabase['intake_files']>;
export type IntakeSubmissionRow = Selectable<IntakeDatabase['intake_submissions']>;
export type IntakeMessageRow = Selectable<IntakeDatabase['intake_messages']>;
