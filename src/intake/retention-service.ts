import { addDays, today } from './intake-day.js';
import type { IntakeRepository } from './intake-repository.js';
import type { UploadStore } from './upload-store.js';

/**
 * Deletes, securely, what has waited longer than the retention period: submissions (imported or not) and
 * abandoned uploads. Their ciphertext is overwritten before it is unlinked; the database deletes securely.
 */
export class RetentionService {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly store: UploadStore,
    private readonly retentionDays: number,
  ) {}

  async sweep(day = today()): Promise<{ submissions: number; uploads: number }> {
    const cutoff = addDays(day, -this.retentionDays);
    let uploads = 0;
    for (const file of await this.repo.unfinishedFilesBefore(cutoff)) {
      await this.store.secureDelete(file.id);
      await this.repo.deleteFile(file.id);
      uploads++;
    }
    const old = await this.repo.submissionsBefore(cutoff);
    for (const submission of old) await this.deleteSubmission(submission.id);
    return { submissions: old.length, uploads };
  }

  async deleteSubmission(id: string): Promise<void> {
    for (const file of await this.repo.filesOfSubmission(id)) await this.store.secureDelete(file.id);
    await this.repo.deleteSubmission(id);
  }
}
