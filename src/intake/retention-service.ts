import { addDays, today } from './intake-day.js';
import type { IntakeRepository } from './intake-repository.js';
import type { UploadStore } from './upload-store.js';

/**
 * Deletes, securely, what has waited longer than the retention period: submissions (imported or not), abandoned
 * uploads, and sources with nothing left: no submission, and no message within the period (their login hash,
 * reply key and messages go; the codename then opens nothing). Ciphertext is overwritten before it is unlinked;
 * the database deletes securely.
 */
export class RetentionService {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly store: UploadStore,
    private readonly retentionDays: number,
  ) {}

  /**
   * `beforeDeleting` runs before each submission goes (staff's side forgets its import jobs there); when it
   * answers false (an import is running) the submission stays until a later sweep.
   */
  async sweep(
    day = today(),
    beforeDeleting: (submissionId: string) => Promise<boolean> = async () => true,
  ): Promise<{ submissions: number; uploads: number; sources: number }> {
    const cutoff = addDays(day, -this.retentionDays);
    let uploads = 0;
    for (const file of await this.repo.unfinishedFilesBefore(cutoff)) {
      await this.store.secureDelete(file.id);
      await this.repo.deleteFile(file.id);
      uploads++;
    }
    const old = await this.repo.submissionsBefore(cutoff);
    let submissions = 0;
    for (const submission of old) {
      if (!(await beforeDeleting(submission.id))) continue;
      await this.removeSubmission(submission.id);
      submissions++;
    }
    let sources = 0;
    for (const id of await this.repo.quietSourcesBefore(cutoff)) if (await this.repo.deleteQuietSource(id, cutoff)) sources++;
    return { submissions, uploads, sources };
  }

  /** Deletes a submission (staff, once it is imported); its source too if that leaves it with nothing. */
  async deleteSubmission(id: string): Promise<void> {
    const submission = await this.repo.submission(id);
    await this.removeSubmission(id);
    if (submission) await this.repo.deleteQuietSource(submission.source_id, addDays(today(), -this.retentionDays));
  }

  private async removeSubmission(id: string): Promise<void> {
    for (const file of await this.repo.filesOfSubmission(id)) await this.store.secureDelete(file.id);
    await this.repo.deleteSubmission(id);
  }
}
