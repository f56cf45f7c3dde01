import type { Readable } from 'node:stream';
import { AgeDecryptError } from '../crypto/index.js';
import { findHeaderEnd } from '../crypto/index.js';
import { newId } from '../db/index.js';
import { headerProblem, isValidAgeLength } from './age-upload-shape.js';
import type { IntakeFileRow, NewIntakeFile } from './db/intake-schema.js';
import { addDays, today } from './intake-day.js';
import { IntakeError } from './intake-errors.js';
import type { IntakeRepository } from './intake-repository.js';
import type { IntakeLimits } from './intake-limits.js';
import type { SourceSession } from './source-sessions.js';
import { ChecksumMismatchError, UploadTooLargeError, type AppendOptions, type UploadStore } from './upload-store.js';
import { UploadLocks } from './upload-locks.js';

export interface UploadMetadata {
  submission?: string;
  fingerprint?: string;
  key?: string;
  header?: string;
  /** The file's name sealed under the source's codename-derived key; optional (older pages send none). */
  name?: string;
}

export interface UploadInfo {
  id: string;
  length: number;
  offset: number;
  expiresDay: string | null;
}

/** What the browser needs to find and continue its own unfinished uploads. */
export interface ResumableUpload {
  id: string;
  fingerprint: string | null;
  key: string | null;
  header: string | null;
  length: number;
  offset: number;
  state: IntakeFileRow['state'];
  problem: string | null;
  /** The sealed name the browser sent, for the source's page to open. */
  name: string | null;
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_SEALED_NAME_BYTES = 2048;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The tus resource behind /submit/files/: creation, offset, append, termination. */
export class UploadService {
  private readonly locks = new UploadLocks();

  constructor(
    private readonly repo: IntakeRepository,
    private readonly store: UploadStore,
    private readonly recipients: string[],
    private readonly limits: IntakeLimits,
    private readonly retentionDays: number,
  ) {}

  async create(session: SourceSession, length: number, metadata: UploadMetadata): Promise<UploadInfo> {
    const submission = metadata.submission ? await this.repo.submission(metadata.submission) : undefined;
    if (!submission || submission.source_id !== session.sourceId) throw new IntakeError(404, 'no-submission', 'That submission does not exist.');
    const header = decodeField('header', metadata.header, MAX_HEADER_BYTES);
    const key = decodeField('key', metadata.key, 256);
    const fingerprint = decodeField('fingerprint', metadata.fingerprint, 64);
    const sealedName = metadata.name === undefined ? null : decodeField('name', metadata.name, MAX_SEALED_NAME_BYTES).toString('base64');
    const problem = headerProblem(header, this.recipients.length);
    if (problem) throw new IntakeError(400, 'bad-header', `The file cannot be accepted: ${problem}. Reload the page and try again.`);
    if (!isValidAgeLength(length, header.length)) throw new IntakeError(400, 'bad-length', 'Upload-Length is not the size of an age file with this header.');
    const id = newId('upl');
    await this.store.create(id);
    const day = today();
    await this.admitOrForget(id, {
      id,
      submission_id: submission.id,
      source_id: session.sourceId,
      via: 'browser',
      length,
      wrapped_key: key.toString('base64'),
      header: header.toString('base64'),
      fingerprint: fingerprint.toString('base64'),
      sealed_name: sealedName,
      manifest_age: null,
      state: 'uploading',
      problem: null,
      item_id: null,
      created_day: day,
      completed_day: null,
    });
    return { id, length, offset: 0, expiresDay: addDays(day, this.retentionDays) };
  }

  /** Records the upload's row within the limits; when that fails, its empty file goes too, or no sweep would ever find it. */
  private async admitOrForget(id: string, row: NewIntakeFile): Promise<void> {
    try {
      await this.limits.admit(row);
    } catch (error) {
      await this.store.secureDelete(id);
      throw error;
    }
  }

  async info(session: SourceSession, id: string): Promise<UploadInfo> {
    const file = await this.finishIfFull(await this.ownFile(session, id));
    const offset = await this.store.offset(id);
    if (offset === null) throw new IntakeError(410, 'gone', 'This upload is no longer stored.');
    return { id, length: file.length, offset, expiresDay: this.expiresDay(file) };
  }

  /** Appends a PATCH body; at the last byte, checks the age header and length before accepting the file. */
  async append(session: SourceSession, id: string, offset: number, body: Readable, checksum?: AppendOptions['checksum']): Promise<UploadInfo> {
    return this.locks.run(id, async () => {
      const file = await this.ownFile(session, id);
      const stored = await this.store.offset(id);
      if (stored === null) throw new IntakeError(410, 'gone', 'This upload is no longer stored.');
      if (file.state !== 'uploading') throw new IntakeError(403, 'finished', 'This upload is already complete.');
      if (offset !== stored) throw new IntakeError(409, 'offset-mismatch', `Upload-Offset ${offset} does not match the ${stored} bytes stored.`);
      let newOffset: number;
      try {
        newOffset = await this.store.append(id, offset, body, { maxBytes: file.length - offset, checksum });
      } catch (error) {
        if (error instanceof UploadTooLargeError) throw new IntakeError(413, 'too-large', 'The data goes past the length declared for this upload.');
        if (error instanceof ChecksumMismatchError)
          throw new IntakeError(460, 'checksum-mismatch', 'The data does not match its checksum; it was discarded, send it again.');
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT') throw new IntakeError(507, 'disk-full', 'The server has no room left; try again later.');
        throw error;
      }
      await this.repo.setWrittenBytes(id, newOffset);
      if (newOffset === file.length) await this.finish(file);
      return { id, length: file.length, offset: newOffset, expiresDay: this.expiresDay(file) };
    });
  }

  async terminate(session: SourceSession, id: string): Promise<void> {
    await this.locks.run(id, async () => {
      // Checked under the lock: a PATCH that was finishing the file may just have completed it.
      const file = await this.ownFile(session, id);
      if (file.state !== 'uploading' && file.state !== 'rejected')
        throw new IntakeError(403, 'finished', 'A finished upload can no longer be deleted from here.');
      await this.store.secureDelete(id);
      await this.repo.deleteFile(id);
    });
  }

  async resumable(session: SourceSession, submissionId: string): Promise<ResumableUpload[]> {
    const submission = await this.repo.submission(submissionId);
    if (!submission || submission.source_id !== session.sourceId) throw new IntakeError(404, 'no-submission', 'That submission does not exist.');
    const files = await this.repo.filesOfSubmission(submissionId);
    return Promise.all(
      files
        .filter((f) => f.via === 'browser')
        .map(async (f) => ({
          id: f.id,
          fingerprint: f.fingerprint,
          key: f.state === 'uploading' || f.state === 'awaiting-manifest' ? f.wrapped_key : null,
          // The header too while the manifest is missing: the browser needs it to rebuild the file's source.
          header: f.state === 'uploading' || f.state === 'awaiting-manifest' ? f.header : null,
          length: f.length,
          offset: (await this.store.offset(f.id)) ?? 0,
          state: f.state,
          problem: f.problem,
          name: f.sealed_name,
        })),
    );
  }

  /** The manifest (name, size, type, SHA-256), encrypted to the organisation by the browser. */
  async setManifest(session: SourceSession, id: string, manifest: string): Promise<IntakeFileRow['state']> {
    const file = await this.finishIfFull(await this.ownFile(session, id));
    if (file.state !== 'awaiting-manifest')
      throw new IntakeError(
        409,
        'not-awaiting-manifest',
        file.state === 'uploading' ? 'The upload is not finished yet.' : 'This file already has its description.',
      );
    const bytes = decodeField('manifest', manifest, 64 * 1024);
    const headerEnd = manifestHeaderEnd(bytes);
    if (headerEnd <= 0 || headerProblem(bytes.subarray(0, headerEnd), this.recipients.length) !== null) {
      throw new IntakeError(400, 'bad-manifest', 'The file description is not encrypted to the organisation. Reload the page and try again.');
    }
    await this.repo.setFileState(id, 'complete', { manifest_age: manifest, completed_day: today() });
    return 'complete';
  }

  /**
   * An upload whose last byte is stored but whose request ended before the check (the server killed, the
   * client gone) would stay "uploading" for ever: a tus client that finds the offset at the length sends no
   * more PATCH. It is checked here instead, when the client next asks.
   */
  private async finishIfFull(file: IntakeFileRow): Promise<IntakeFileRow> {
    if (file.state !== 'uploading' || (await this.store.offset(file.id)) !== file.length) return file;
    return this.locks.run(file.id, async () => {
      const current = (await this.repo.file(file.id))!;
      if (current.state === 'uploading' && (await this.store.offset(file.id)) === current.length) await this.finish(current);
      return (await this.repo.file(file.id))!;
    });
  }

  private async finish(file: IntakeFileRow): Promise<void> {
    const expected = Buffer.from(file.header ?? '', 'base64');
    const head = await this.store.readHead(file.id, expected.length);
    const problem = !head.equals(expected)
      ? 'the data does not begin with the encryption header announced for it'
      : headerProblem(head, this.recipients.length);
    if (problem !== null) {
      await this.store.secureDelete(file.id);
      const message = `The file was rejected: ${problem}. Nothing of it is kept; reload the page and send it again.`;
      await this.repo.setFileState(file.id, 'rejected', { problem: message });
      throw new IntakeError(422, 'bad-header', message);
    }
    await this.repo.setFileState(file.id, 'awaiting-manifest');
  }

  private async ownFile(session: SourceSession, id: string): Promise<IntakeFileRow> {
    const file = await this.repo.file(id);
    if (!file || file.source_id !== session.sourceId) throw new IntakeError(404, 'no-upload', 'This upload does not exist.');
    if (file.state === 'uploading' && this.expiresDay(file)! < today()) throw new IntakeError(410, 'expired', 'This upload has expired and was deleted.');
    return file;
  }

  private expiresDay(file: IntakeFileRow): string | null {
    return file.state === 'uploading' ? addDays(file.created_day, this.retentionDays) : null;
  }
}

/** Where the manifest's age header ends, or -1 when it has none. */
function manifestHeaderEnd(bytes: Buffer): number {
  try {
    return findHeaderEnd(bytes);
  } catch (error) {
    if (error instanceof AgeDecryptError) return -1;
    throw error;
  }
}

function decodeField(name: string, value: string | undefined, maxBytes: number): Buffer {
  if (!value || value.length > Math.ceil(maxBytes / 3) * 4 + 4 || !BASE64.test(value)) {
    throw new IntakeError(400, `bad-${name}`, `Upload-Metadata "${name}" is missing or is not base64.`);
  }
  return Buffer.from(value, 'base64');
}
