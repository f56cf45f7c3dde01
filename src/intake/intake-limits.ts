import type { IntakeRepository } from './intake-repository.js';
import { IntakeError } from './intake-errors.js';
import type { UploadStore } from './upload-store.js';

/** Keeps this much of the disk free whatever the quota says. */
const DISK_RESERVE = 1024 ** 3;

/** The per-codename pending limit and the disk quota, checked before an upload is accepted. */
export class IntakeLimits {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly store: UploadStore,
    readonly pendingLimitBytes: number,
    private readonly diskQuotaBytes: number | null,
  ) {}

  async assertRoom(sourceId: string, length: number): Promise<void> {
    const pending = await this.repo.pendingLength(sourceId);
    if (pending + length > this.pendingLimitBytes) {
      throw new IntakeError(413, 'pending-limit', `This would take you past the ${formatBytes(this.pendingLimitBytes)} that one codename may have waiting (${formatBytes(pending)} already). Try again once the organisation has received what you sent.`);
    }
    const all = await this.repo.pendingLength(null);
    if (this.diskQuotaBytes !== null && all + length > this.diskQuotaBytes) {
      throw new IntakeError(413, 'disk-quota', 'The server cannot take a file this large right now. Try again in a few days, or send it in smaller parts.');
    }
    if ((await this.store.freeBytes()) - DISK_RESERVE < length) {
      throw new IntakeError(413, 'disk-full', 'The server does not have room for a file this large right now. Try again in a few days, or send it in smaller parts.');
    }
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
