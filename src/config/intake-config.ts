import path from 'node:path';
import { ConfigError, parseDatabaseUrl, type DatabaseTarget } from './config.js';

/** The intake role's settings, from the environment, validated once at start. */
export interface IntakeConfig {
  /** Ciphertext uploads and the intake's own settings live here. */
  dir: string;
  database: DatabaseTarget;
  /** Largest file the no-JavaScript form accepts (the server encrypts it as it streams in). */
  formLimitBytes: number;
  /** Bytes one codename may have in unfinished or unimported uploads. */
  pendingLimitBytes: number;
  /** Files one codename may have in intake but not yet imported (each is a file on the disk and a database row). */
  pendingFilesLimit: number;
  /** Bytes all intake uploads together may occupy; null for no quota but the disk's own free space. */
  diskQuotaBytes: number | null;
  /** Unimported submissions and abandoned uploads are deleted after this many days. */
  retentionDays: number;
}

const UNITS: Record<string, number> = { '': 1, b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4 };

export function loadIntakeConfig(env: NodeJS.ProcessEnv, home: string): IntakeConfig {
  const dir = path.resolve(home, env.VIGIL_INTAKE_DIR?.trim() || 'intake');
  const quota = env.VIGIL_INTAKE_DISK_QUOTA?.trim();
  return {
    dir,
    database: parseDatabaseUrl(env.VIGIL_INTAKE_DATABASE_URL?.trim() || `sqlite:${path.join(dir, 'intake.db')}`, home, 'VIGIL_INTAKE_DATABASE_URL'),
    formLimitBytes: parseBytes('VIGIL_INTAKE_FORM_LIMIT', env.VIGIL_INTAKE_FORM_LIMIT, 2e9),
    pendingLimitBytes: parseBytes('VIGIL_INTAKE_PENDING_LIMIT', env.VIGIL_INTAKE_PENDING_LIMIT, 500e9),
    pendingFilesLimit: parseCount('VIGIL_INTAKE_PENDING_FILES', env.VIGIL_INTAKE_PENDING_FILES, 10_000),
    diskQuotaBytes: quota ? parseBytes('VIGIL_INTAKE_DISK_QUOTA', quota, 0) : null,
    retentionDays: parseDays(env.VIGIL_INTAKE_RETENTION_DAYS),
  };
}

/** "2GB", "500 MiB", "1000000": a byte count; anything else is a configuration error. */
export function parseBytes(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new ConfigError(`${name} must be a size such as 2GB, 500MiB or a number of bytes (got "${value}")`);
  const bytes = Math.floor(Number(m[1]) * unit);
  if (bytes < 1) throw new ConfigError(`${name} must be at least 1 byte (got "${value}")`);
  return bytes;
}

/** A whole number from 1 to a billion; anything else is a configuration error. */
export function parseCount(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const count = /^\s*\d{1,10}\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(count) || count < 1 || count > 1e9) throw new ConfigError(`${name} must be a whole number from 1 to 1000000000 (got "${value}")`);
  return count;
}

function parseDays(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return 30;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new ConfigError(`VIGIL_INTAKE_RETENTION_DAYS must be a whole number of days from 1 to 3650 (got "${value}")`);
  }
  return days;
}
