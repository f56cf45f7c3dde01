import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { createAgeHeader, PayloadEncryptor } from '../crypto/index.js';
import { newId } from '../db/index.js';
import { ageFileLength } from './age-upload-shape.js';
import type { IntakeFileRow, IntakeSubmissionRow } from './db/intake-schema.js';
import { today } from './intake-day.js';
import { IntakeError } from './intake-errors.js';
import { formatBytes, type IntakeLimits } from './intake-limits.js';
import type { IntakeRepository } from './intake-repository.js';
import type { Questionnaire } from './questionnaire.js';
import { sealText } from './sealed-text.js';
import type { SourceSession } from './source-sessions.js';
import type { UploadStore } from './upload-store.js';

export interface SourceSubmission {
  submission: IntakeSubmissionRow;
  files: Array<Pick<IntakeFileRow, 'id' | 'state' | 'via' | 'length' | 'problem' | 'created_day'>>;
}

export interface FormFile {
  stream: Readable & { truncated?: boolean };
  filename: string;
  mimetype: string;
}

/** A source's submissions: the questionnaire, and files sent by the plain form (no JavaScript). */
export class SubmissionService {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly store: UploadStore,
    private readonly questionnaire: Questionnaire,
    private readonly recipients: string[],
    private readonly limits: IntakeLimits,
    readonly formLimitBytes: number,
  ) {}

  async create(session: SourceSession, form: Record<string, unknown>): Promise<string> {
    // One read: an administrator's save between two reads could leave an answer sealed without its question.
    const questions = await this.questionnaire.questions();
    const answers = this.questionnaire.validate(form, questions);
    const sealed = await sealText(this.recipients, JSON.stringify({ v: 1, answers, questions: questions.filter((q) => q.id in answers) }));
    const id = newId('sub');
    await this.repo.insertSubmission({ id, source_id: session.sourceId, answers_age: sealed, created_day: today() });
    return id;
  }

  async ofSource(session: SourceSession): Promise<SourceSubmission[]> {
    const submissions = await this.repo.submissionsOfSource(session.sourceId);
    const files = await this.repo.filesOfSubmissions(submissions.map((s) => s.id));
    return submissions.map((submission) => ({ submission, files: files.filter((f) => f.submission_id === submission.id) }));
  }

  async own(session: SourceSession, id: string): Promise<SourceSubmission> {
    const submission = await this.repo.submission(id);
    if (!submission || submission.source_id !== session.sourceId) throw new IntakeError(404, 'no-submission', 'That submission does not exist.');
    return { submission, files: await this.repo.filesOfSubmission(id) };
  }

  /**
   * One file of the no-JavaScript form: encrypted to the organisation as it streams in, hashed on the
   * way, and described by a manifest the server seals. Plaintext exists only in memory. While it streams in,
   * the file counts against the limits for the most it can be: `declaredBytes` (what the request's length
   * leaves for it) or the form limit. Returns the plaintext size received.
   */
  async receiveFormFile(session: SourceSession, submissionId: string, file: FormFile, declaredBytes: number | null): Promise<number> {
    await this.own(session, submissionId);
    const id = newId('upl');
    const hash = crypto.createHash('sha256');
    let size = 0;
    const { header, fileKey } = await createAgeHeader(this.recipients);
    const encryptor = new PayloadEncryptor(fileKey);
    async function* encrypted(input: AsyncIterable<Buffer>) {
      yield Buffer.concat([header, encryptor.nonce]);
      for await (const piece of input) {
        hash.update(piece);
        size += piece.length;
        const out = encryptor.push(piece);
        if (out.length > 0) yield out;
      }
      yield encryptor.finish();
    }
    const day = today();
    const reserved = ageFileLength(header.length, Math.min(this.formLimitBytes, declaredBytes ?? this.formLimitBytes));
    await this.limits.admit({
      id,
      submission_id: submissionId,
      source_id: session.sourceId,
      via: 'form',
      length: reserved,
      wrapped_key: null,
      header: null,
      fingerprint: null,
      manifest_age: null,
      state: 'uploading',
      problem: null,
      item_id: null,
      created_day: day,
      completed_day: null,
    });
    let length = 0;
    try {
      length = await this.store.writeWhole(id, Readable.from(encrypted(file.stream)));
    } catch (error) {
      await this.discard(id);
      if ((error as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
      file.stream.truncated = true;
    }
    if (file.stream.truncated) {
      await this.discard(id);
      throw new IntakeError(
        413,
        'form-limit',
        `“${file.filename}” is larger than the ${formatBytes(this.formLimitBytes)} this form accepts. Nothing of it was kept. Turn JavaScript on to send larger files.`,
      );
    }
    const manifest = await sealText(
      this.recipients,
      JSON.stringify({ v: 1, name: file.filename, size, type: file.mimetype, lastModified: null, sha256: hash.digest('hex') }),
    );
    await this.repo.updateFileLength(id, length);
    await this.repo.setFileState(id, 'complete', { manifest_age: manifest, completed_day: day });
    return size;
  }

  private async discard(id: string): Promise<void> {
    await this.store.secureDelete(id);
    await this.repo.deleteFile(id);
  }
}
