import type { IntakeFileRow, IntakeSubmissionRow } from '../intake/index.js';
import { addDays } from '../intake/index.js';
import { IntakeError, Questionnaire } from '../intake/index.js';
import type { IntakeRepository } from '../intake/index.js';
import type { MessageService, StaffViewMessage } from '../intake/index.js';
import type { UploadStore } from '../intake/index.js';
import { openAnswers, type SubmissionCaseService } from './case-service.js';
import type { SubmissionCaseSummary } from './case-schemas.js';
import type { InboxQuery, IntakeAnswer } from './inbox-schemas.js';
import { ManifestError, openManifest, type CheckedManifest } from './manifest.js';

export interface InboxFile {
  id: string;
  state: IntakeFileRow['state'];
  name: string | null;
  size: number | null;
  mediaType: string | null;
  sha256: string | null;
  ciphertextSize: number;
  receivedBytes: number;
  itemId: string | null;
  problem: string | null;
  via: 'browser' | 'form';
}

export interface InboxSummary {
  work: SubmissionCaseSummary;
  id: string;
  receivedDay: string;
  state: 'open' | 'imported' | 'partly-imported';
  fileCount: number;
  completeFiles: number;
  bytes: number;
  messageCount: number;
  expiresDay: string | null;
}

export interface InboxDetail extends InboxSummary {
  answers: IntakeAnswer[];
  files: InboxFile[];
  messages: StaffViewMessage[];
}

/** The submission as one caller may see it: no file names an item hidden from them. */
export function inboxDetailFor(detail: InboxDetail, hiddenItems: ReadonlySet<string>): InboxDetail {
  return { ...detail, files: detail.files.map((f) => (f.itemId !== null && hiddenItems.has(f.itemId) ? { ...f, itemId: null } : f)) };
}

/** The staff's view of what sources sent: decrypted with the unlocked identity, in memory only. */
export class IntakeInboxService {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly store: UploadStore,
    private readonly messages: MessageService,
    private readonly retentionDays: number,
    private readonly identity: () => string,
    private readonly cases: Pick<SubmissionCaseService, 'summaries'> | null = null,
  ) {}

  /** Every submission, or those that match the filters (`assignee`: `me` is `userId`, `none` the unassigned). */
  async list(filter: InboxQuery = {}, userId?: string): Promise<InboxSummary[]> {
    const all = await this.repo.sentSubmissions();
    const work = await this.workOf(all.map((s) => s.id));
    const assignee = filter.assignee === 'me' ? (userId ?? null) : filter.assignee;
    const submissions = all.filter((s) => {
      const w = work.get(s.id)!;
      if (assignee !== undefined && (assignee === 'none' ? w.assignee !== null : w.assignee?.id !== assignee)) return false;
      if (filter.status !== undefined && w.status !== filter.status) return false;
      return filter.label === undefined || w.labels.includes(filter.label);
    });
    const files = await this.repo.filesOfSubmissions(submissions.map((s) => s.id));
    const counts = await this.repo.messageCounts();
    return Promise.all(
      submissions.map(async (s) =>
        this.summary(s, await this.filesOf(files.filter((f) => f.submission_id === s.id)), counts.get(s.source_id) ?? 0, work.get(s.id)!),
      ),
    );
  }

  private async workOf(ids: string[]): Promise<Map<string, SubmissionCaseSummary>> {
    if (this.cases) return this.cases.summaries(ids);
    return new Map(ids.map((id) => [id, { status: 'new', assignee: null, labels: [] }]));
  }

  async detail(id: string): Promise<InboxDetail> {
    const submission = await this.submission(id);
    const files = await this.filesOf(await this.repo.filesOfSubmission(id));
    const messages = await this.messages.forStaff(this.identity(), submission.source_id);
    const work = (await this.workOf([id])).get(id)!;
    return { ...this.summary(submission, files, messages.length, work), answers: await this.answers(submission), files, messages };
  }

  async submission(id: string): Promise<IntakeSubmissionRow> {
    const submission = await this.repo.submission(id);
    if (!submission) throw new IntakeError(404, 'not-found', `no submission ${id}`);
    return submission;
  }

  private summary(s: IntakeSubmissionRow, files: InboxFile[], messageCount: number, work: SubmissionCaseSummary): InboxSummary {
    const complete = files.filter((f) => f.state === 'complete' || f.state === 'imported' || f.state === 'damaged');
    const imported = files.filter((f) => f.state === 'imported').length;
    return {
      id: s.id,
      receivedDay: s.created_day,
      state: imported === 0 ? 'open' : imported === complete.length ? 'imported' : 'partly-imported',
      fileCount: files.length,
      completeFiles: complete.length,
      bytes: files.reduce((sum, f) => sum + f.receivedBytes, 0),
      messageCount,
      expiresDay: addDays(s.created_day, this.retentionDays),
      work,
    };
  }

  private async filesOf(rows: IntakeFileRow[]): Promise<InboxFile[]> {
    return Promise.all(
      rows.map(async (f) => {
        const opened = f.manifest_age ? await this.describe(f.manifest_age) : null;
        const manifest = opened && 'manifest' in opened ? opened.manifest : null;
        const described = opened && 'problem' in opened ? opened.problem : opened?.notes.join('; ') || null;
        return {
          id: f.id,
          state: f.state,
          name: manifest?.name ?? null,
          size: manifest?.size ?? null,
          mediaType: manifest?.type || null,
          sha256: manifest?.sha256 ?? null,
          ciphertextSize: f.length,
          receivedBytes: (await this.store.offset(f.id)) ?? 0,
          itemId: f.item_id,
          problem: f.problem ?? described,
          via: f.via,
        };
      }),
    );
  }

  /** A file's manifest as checked, or what is wrong with it, so that the inbox says so before any import. */
  private async describe(sealed: string): Promise<CheckedManifest | { problem: string }> {
    try {
      return await openManifest(this.identity(), sealed);
    } catch (error) {
      return { problem: error instanceof ManifestError ? error.message : 'the file description could not be decrypted' };
    }
  }

  private async answers(s: IntakeSubmissionRow): Promise<InboxDetail['answers']> {
    return s.answers_age ? openAnswers(this.identity(), s.answers_age, await new Questionnaire(this.repo).privateIds()) : [];
  }
}
