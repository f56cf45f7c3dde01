import type { IntakeFileRow, IntakeSubmissionRow } from '../intake/index.js';
import { addDays } from '../intake/index.js';
import { IntakeError } from '../intake/index.js';
import type { IntakeRepository } from '../intake/index.js';
import type { IntakeQuestion, Localised } from '../intake/index.js';
import type { MessageService, StaffViewMessage } from '../intake/index.js';
import { openText } from '../intake/index.js';
import type { UploadStore } from '../intake/index.js';
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
  answers: { questionId: string; label: Localised; answer: string }[];
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
  ) {}

  async list(): Promise<InboxSummary[]> {
    const submissions = await this.repo.sentSubmissions();
    const files = await this.repo.filesOfSubmissions(submissions.map((s) => s.id));
    const counts = await this.repo.messageCounts();
    return Promise.all(
      submissions.map(async (s) => this.summary(s, await this.filesOf(files.filter((f) => f.submission_id === s.id)), counts.get(s.source_id) ?? 0)),
    );
  }

  async detail(id: string): Promise<InboxDetail> {
    const submission = await this.submission(id);
    const files = await this.filesOf(await this.repo.filesOfSubmission(id));
    const messages = await this.messages.forStaff(this.identity(), submission.source_id);
    return { ...this.summary(submission, files, messages.length), answers: await this.answers(submission), files, messages };
  }

  async submission(id: string): Promise<IntakeSubmissionRow> {
    const submission = await this.repo.submission(id);
    if (!submission) throw new IntakeError(404, 'not-found', `no submission ${id}`);
    return submission;
  }

  private summary(s: IntakeSubmissionRow, files: InboxFile[], messageCount: number): InboxSummary {
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
    if (!s.answers_age) return [];
    const opened = JSON.parse(await openText(this.identity(), s.answers_age)) as { answers: Record<string, string>; questions: IntakeQuestion[] };
    return Object.entries(opened.answers).map(([questionId, answer]) => ({
      questionId,
      label: opened.questions.find((q) => q.id === questionId)?.label ?? { ru: questionId, en: questionId },
      answer,
    }));
  }
}
