import path from 'node:path';
import { loadCustodyConfig, type CustodyConfig } from './custody-config.js';
import { loadIntakeConfig, type IntakeConfig } from './intake-config.js';
import { BlobsUrlError, parseBlobsUrl, type BlobsTarget } from './blobs-config.js';
import { loadMailConfig, type MailConfig } from './mail-config.js';

/** Everything Vigil reads from its environment, validated once at start. */
export interface VigilConfig {
  home: string;
  /** `sqlite:` path or a postgres:// URL. */
  database: DatabaseTarget;
  /** `VIGIL_BLOBS_URL`: the home's blobs folder unless set (an `s3://bucket/prefix` or another folder). */
  blobs: BlobsTarget;
  /** RFC 3161 time-stamping authority used for checkpoints, when set. */
  tsaUrl: URL | null;
  /** Passphrase given through the environment, for scripts. */
  passphraseFromEnv: string | null;
  /** scrypt work factor for passphrase files (age default 18; tests lower it). */
  scryptLogN: number;
  intake: IntakeConfig;
  custody: CustodyConfig;
  /** Notification e-mails (`VIGIL_SMTP_URL`, `VIGIL_NOTIFY_TO`); null when none are sent. */
  mail: MailConfig | null;
}

export type DatabaseTarget = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): VigilConfig {
  const home = path.resolve(cwd, nonEmpty(env.VIGIL_HOME) ?? 'vigil-data');
  return {
    home,
    database: parseDatabaseUrl(nonEmpty(env.VIGIL_DATABASE_URL), home),
    blobs: loadBlobsTarget(env, home),
    tsaUrl: parseTsaUrl(nonEmpty(env.VIGIL_TSA_URL)),
    passphraseFromEnv: env.VIGIL_PASSPHRASE ?? null,
    scryptLogN: parseScryptLogN(nonEmpty(env.VIGIL_SCRYPT_LOG_N)),
    intake: loadIntakeConfig(env, home),
    custody: loadCustodyConfig(env, home),
    mail: loadMailConfig(env),
  };
}

function loadBlobsTarget(env: NodeJS.ProcessEnv, home: string): BlobsTarget {
  try {
    return parseBlobsUrl(nonEmpty(env.VIGIL_BLOBS_URL), home, env);
  } catch (error) {
    if (error instanceof BlobsUrlError) throw new ConfigError(error.message);
    throw error;
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function parseDatabaseUrl(value: string | undefined, home: string, name = 'VIGIL_DATABASE_URL'): DatabaseTarget {
  if (value === undefined) return { kind: 'sqlite', file: path.join(home, 'vigil.db') };
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError(`${name} is not a valid URL: ${redactUrl(value)}`);
    }
    return { kind: 'postgres', url: value };
  }
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length);
    if (file === '') throw new ConfigError(`${name} "sqlite:" needs a file path, e.g. sqlite:/srv/vigil/vigil.db`);
    return { kind: 'sqlite', file: path.resolve(home, file) };
  }
  throw new ConfigError(`${name} must start with postgres:// or sqlite: (got "${redactUrl(value)}"); leave it unset for SQLite in VIGIL_HOME`);
}

function parseTsaUrl(value: string | undefined): URL | null {
  if (value === undefined) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`VIGIL_TSA_URL is not a valid URL: ${value}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`VIGIL_TSA_URL must be an http:// or https:// URL (got ${url.protocol})`);
  }
  return url;
}

function parseScryptLogN(value: string | undefined): number {
  if (value === undefined) return 18;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 10 || n > 22) {
    throw new ConfigError(`VIGIL_SCRYPT_LOG_N must be an integer from 10 to 22 (got "${value}")`);
  }
  return n;
}

/** Hide a password inside a database URL before it reaches a message. */
export function redactUrl(value: string): string {
  // Everything up to the last @: a password may hold @, :, / or anything else a malformed URL lets through.
  return value.replace(/\/\/.*@/, '//***@');
}
