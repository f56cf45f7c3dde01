import type { NewIntakeFile } from './db/intake-schema.js';
import type { IntakeRepository } from './intake-repository.js';
import { IntakeError } from './intake-errors.js';
import type { UploadStore } from './upload-store.js';

/** Keeps this much of the disk free whatever the quota says. */
const DISK_RESERVE = 1024 ** 3;

/**
 * The per-codename pending limits (bytes and files), the disk quota and the disk reserve. An upload's row is
 * admitted in the same transaction that checks them, so uploads that arrive together cannot pass a limit that
 * each alone would respect.
 */
export class IntakeLimits {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly store: UploadStore,
    readonly pendingLimitBytes: number,
    private readonly diskQuotaBytes: number | null,
    private readonly pendingFilesLimit: number,
  ) {}

  /** Records the upload (its `length` is what it reserves), or refuses it with a message for the source. */
  async admit(file: NewIntakeFile): Promise<void> {
    const length = Number(file.length);
    await this.repo.admitFile(file, async (pending) => {
      if (pending.sourceFiles >= this.pendingFilesLimit) {
        throw new IntakeError(
          413,
          'file-limit',
          `You already have ${pending.sourceFiles.toLocaleString('en')} files waiting, as many as one codename may have. Put the rest into a zip archive and send that, or try again once the organisation has received what you sent.`,
        );
      }
      if (pending.source + length > this.pendingLimitBytes) {
        throw new IntakeError(
          413,
          'pending-limit',
          `This would take you past the ${formatBytes(this.pendingLimitBytes)} that one codename may have waiting (${formatBytes(pending.source)} already). Try again once the organisation has received what you sent.`,
        );
      }
      if (this.diskQuotaBytes !== null && pending.all + length > this.diskQuotaBytes) {
        throw new IntakeError(413, 'disk-quota', 'The server cannot take a file this large right now. Try again in a few days, or send it in smaller parts.');
      }
      // The free space leaves out what admitted uploads have written, not what they may still write. It is read
      // after their counts, so that bytes written in between make this stricter, never looser.
      if ((await this.store.freeBytes()) - DISK_RESERVE < pending.unwritten + length) {
        throw new IntakeError(
          413,
          'disk-full',
          'The server does not have room for a file this large right now. Try again in a few days, or send it in smaller parts.',
        );
      }
    });
  }
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
