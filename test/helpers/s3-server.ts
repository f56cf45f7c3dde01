import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
// @ts-expect-error s3rver ships no types
import S3rver from 's3rver';
import type { S3BlobsTarget } from '../../src/config/blobs-config.js';
import { parseBlobsUrl } from '../../src/config/blobs-config.js';

/** s3rver's fixed credentials. */
const ACCESS_KEY = 'S3RVER';

export interface TestS3Server {
  endpoint: string;
  bucket: string;
  /** The environment an operator would set to use this server. */
  env: NodeJS.ProcessEnv;
  /** A store target under a fresh key prefix of the bucket (so tests can share one server). */
  target(prefix: string): S3BlobsTarget;
  stop(): Promise<void>;
}

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}

/** A real S3-compatible server (s3rver) in this process, on a random port, over a temp folder. */
export async function startS3Server(bucket = 'vigil-test'): Promise<TestS3Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, directory: dir, silent: true, configureBuckets: [{ name: bucket }] }) as S3rverInstance;
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const env = { AWS_ENDPOINT_URL_S3: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: ACCESS_KEY, AWS_SECRET_ACCESS_KEY: ACCESS_KEY };
  return {
    endpoint,
    bucket,
    env,
    target(prefix: string) {
      const target = parseBlobsUrl(`s3://${bucket}/${prefix}`, dir, env);
      if (target.kind !== 's3') throw new Error('expected an S3 target');
      return target;
    },
    async stop() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
