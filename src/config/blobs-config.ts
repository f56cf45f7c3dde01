import path from 'node:path';

/** Where the vault's encrypted blobs live: a folder, or a bucket (and key prefix) of an S3-compatible store. */
export type BlobsTarget = { kind: 'fs'; dir: string } | S3BlobsTarget;

export interface S3BlobsTarget {
  kind: 's3';
  bucket: string;
  /** Key prefix without leading or trailing slash; '' for the bucket's root. */
  prefix: string;
  /** `AWS_ENDPOINT_URL_S3` or `AWS_ENDPOINT_URL`; null for AWS itself. */
  endpoint: string | null;
  region: string;
  /** Path-style addressing (bucket in the path), which S3-compatible servers need: on whenever an endpoint is set. */
  forcePathStyle: boolean;
  /** From `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`; null leaves the SDK's own chain (profiles, instance roles). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | null;
}

export class BlobsUrlError extends Error {
  override name = 'BlobsUrlError';
  readonly code = 'invalid-blobs-url';
}

/** S3 bucket names: 3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit. */
const BUCKET_PATTERN = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads `VIGIL_BLOBS_URL` (or a `--to` argument): unset means `VIGIL_HOME/blobs`; `s3://bucket/prefix`
 * an S3-compatible store; `file` the home's folder; `file:///path` or a path another folder.
 */
export function parseBlobsUrl(value: string | undefined, home: string, env: NodeJS.ProcessEnv, name = 'VIGIL_BLOBS_URL'): BlobsTarget {
  const defaultDir = path.join(home, 'blobs');
  if (value === undefined || value === 'file') return { kind: 'fs', dir: defaultDir };
  if (value.startsWith('s3://')) return parseS3Url(value, env, name);
  if (value.startsWith('file://')) {
    let dir: string;
    try {
      dir = new URL(value).pathname;
    } catch {
      throw new BlobsUrlError(`${name} is not a valid file:// URL: ${value}`);
    }
    if (dir === '' || dir === '/') throw new BlobsUrlError(`${name} "${value}" names no folder`);
    return { kind: 'fs', dir: decodeURIComponent(dir) };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new BlobsUrlError(`${name} must be s3://bucket/prefix, file:///folder or a folder path (got "${value.replace(/\/\/[^@/]*@/, '//***@')}")`);
  }
  return { kind: 'fs', dir: path.resolve(home, value) };
}

function parseS3Url(value: string, env: NodeJS.ProcessEnv, name: string): S3BlobsTarget {
  const rest = value.slice('s3://'.length);
  const slash = rest.indexOf('/');
  const bucket = slash === -1 ? rest : rest.slice(0, slash);
  const prefix = (slash === -1 ? '' : rest.slice(slash + 1)).replace(/^\/+|\/+$/g, '');
  if (bucket.includes('@') || bucket.includes(':')) {
    throw new BlobsUrlError(`${name} must not carry credentials or a port: set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_ENDPOINT_URL_S3 instead`);
  }
  if (!BUCKET_PATTERN.test(bucket) || bucket.includes('..')) {
    throw new BlobsUrlError(`${name} names no valid bucket: "${bucket}" (3 to 63 lowercase letters, digits, dots or hyphens), e.g. s3://vigil-evidence/blobs`);
  }
  if (prefix !== '' && (/[?#\\]/.test(prefix) || prefix.split('/').some((part) => part === '' || part === '.' || part === '..'))) {
    throw new BlobsUrlError(`${name} has an invalid key prefix: "${prefix}"`);
  }
  const endpoint = nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL) ?? null;
  if (endpoint !== null) {
    let url: URL;
    try {
      url = new URL(endpoint);
    } catch {
      throw new BlobsUrlError(`AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL is not a valid URL: ${endpoint}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new BlobsUrlError(`the S3 endpoint must be http:// or https:// (got ${url.protocol})`);
  }
  const region = nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION) ?? (endpoint ? 'us-east-1' : null);
  if (region === null) throw new BlobsUrlError(`${name} is an S3 URL: set AWS_REGION (or AWS_ENDPOINT_URL_S3 for an S3-compatible server)`);
  const accessKeyId = nonEmpty(env.AWS_ACCESS_KEY_ID);
  const secretAccessKey = nonEmpty(env.AWS_SECRET_ACCESS_KEY);
  if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
    throw new BlobsUrlError('set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither');
  }
  const sessionToken = nonEmpty(env.AWS_SESSION_TOKEN);
  return {
    kind: 's3',
    bucket,
    prefix,
    endpoint,
    region,
    forcePathStyle: endpoint !== null,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : null,
  };
}

/** The store as a URL an operator can read (never with credentials). */
/** `endpoint`: name the S3 endpoint too (for the custody log: two providers may hold buckets of one name). */
export function describeBlobsTarget(target: BlobsTarget, options: { endpoint?: boolean } = {}): string {
  if (target.kind === 'fs') return target.dir;
  const url = `s3://${target.bucket}${target.prefix ? `/${target.prefix}` : ''}`;
  return options.endpoint && target.endpoint ? `${url} at ${endpointWithoutCredentials(target.endpoint)}` : url;
}

/** The custody log keeps what it is given for ever: a user name or password in the endpoint's URL must not reach it. */
function endpointWithoutCredentials(endpoint: string): string {
  try {
    const url = new URL(endpoint);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return '(an endpoint that is not a URL)';
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
