import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';
import { describeBlobsTarget, parseBlobsUrl } from '../../../src/config/blobs-config.js';

const HOME = '/srv/vigil';
const KEYS = { AWS_ACCESS_KEY_ID: 'AKID', AWS_SECRET_ACCESS_KEY: 'secret' };

describe('VIGIL_BLOBS_URL', () => {
  it('keeps blobs in the home unless told otherwise', () => {
    expect(loadConfig({ VIGIL_HOME: HOME }).blobs).toEqual({ kind: 'fs', dir: path.join(HOME, 'blobs') });
    expect(parseBlobsUrl('file', HOME, {})).toEqual({ kind: 'fs', dir: path.join(HOME, 'blobs') });
    expect(parseBlobsUrl('file:///mnt/vault%20disk/blobs', HOME, {})).toEqual({ kind: 'fs', dir: '/mnt/vault disk/blobs' });
    expect(parseBlobsUrl('other-blobs', HOME, {})).toEqual({ kind: 'fs', dir: path.join(HOME, 'other-blobs') });
  });

  it('reads an S3 bucket and prefix, with endpoint, region and keys from the AWS variables', () => {
    const config = loadConfig({
      VIGIL_HOME: HOME,
      VIGIL_BLOBS_URL: 's3://vigil-evidence/org/blobs/',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000',
      AWS_ENDPOINT_URL: 'http://ignored:1',
      ...KEYS,
    });
    expect(config.blobs).toEqual({
      kind: 's3',
      bucket: 'vigil-evidence',
      prefix: 'org/blobs',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' },
    });
    expect(describeBlobsTarget(config.blobs)).toBe('s3://vigil-evidence/org/blobs');
  });

  it('names the endpoint for the custody log, never a user name or password written into its URL', () => {
    const target = parseBlobsUrl('s3://vigil-evidence/org', HOME, { ...KEYS, AWS_ENDPOINT_URL_S3: 'https://keeper:SECRET-pass@s3.example.org:9000/' });
    expect(describeBlobsTarget(target)).toBe('s3://vigil-evidence/org');
    expect(describeBlobsTarget(target, { endpoint: true })).toBe('s3://vigil-evidence/org at https://s3.example.org:9000');
  });

  it('uses AWS itself, virtual-hosted, when no endpoint is set, and leaves credentials to the SDK chain when none are given', () => {
    const target = parseBlobsUrl('s3://vigil-evidence', HOME, { AWS_REGION: 'eu-central-1' });
    expect(target).toMatchObject({
      kind: 's3',
      bucket: 'vigil-evidence',
      prefix: '',
      endpoint: null,
      region: 'eu-central-1',
      forcePathStyle: false,
      credentials: null,
    });
    expect(parseBlobsUrl('s3://b1b/p', HOME, { AWS_ENDPOINT_URL: 'https://s3.example.org', ...KEYS })).toMatchObject({
      endpoint: 'https://s3.example.org',
      forcePathStyle: true,
    });
  });

  it.each([
    ['s3://', /names no valid bucket/],
    ['s3://Upper/x', /names no valid bucket/],
    ['s3://ab/x', /names no valid bucket/],
    ['s3://key:secret@bucket/x', /must not carry credentials/],
    ['s3://bucket/a/../b', /invalid key prefix/],
    ['s3://bucket/a//b', /invalid key prefix/],
    ['https://bucket.s3.amazonaws.com/x', /must be s3:\/\/bucket\/prefix/],
  ])('refuses %s with a clear error', (url, message) => {
    expect(() => loadConfig({ VIGIL_HOME: HOME, VIGIL_BLOBS_URL: url, AWS_REGION: 'x', ...KEYS })).toThrow(ConfigError);
    expect(() => loadConfig({ VIGIL_HOME: HOME, VIGIL_BLOBS_URL: url, AWS_REGION: 'x', ...KEYS })).toThrow(message);
  });

  it('asks for what an S3 store needs', () => {
    expect(() => loadConfig({ VIGIL_BLOBS_URL: 's3://bucket/x' })).toThrow(/set AWS_REGION/);
    expect(() => loadConfig({ VIGIL_BLOBS_URL: 's3://bucket/x', AWS_REGION: 'x', AWS_ACCESS_KEY_ID: 'only' })).toThrow(
      /both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );
    expect(() => loadConfig({ VIGIL_BLOBS_URL: 's3://bucket/x', AWS_ENDPOINT_URL_S3: 'ftp://host' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => loadConfig({ VIGIL_BLOBS_URL: 's3://bucket/x', AWS_ENDPOINT_URL_S3: 'not a url' })).toThrow(/not a valid URL/);
  });
});
