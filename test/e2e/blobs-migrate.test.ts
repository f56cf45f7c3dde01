import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, vigilAwait } from './run-cli.js';
import { startS3Server, type TestS3Server } from '../helpers/s3-server.js';

// The CLI runs in a child process; s3rver serves it from this one, so every call here is asynchronous.
describe('vigil blobs migrate, end to end', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let s3: TestS3Server;
  const bucketUrl = () => `s3://${s3.bucket}/e2e/blobs`;

  beforeAll(async () => {
    assertBuilt();
    s3 = await startS3Server();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-blobs-'));
    env = cliEnv(path.join(dir, 'home'), s3.env as Record<string, string>);
    const leak = path.join(dir, 'leak');
    fs.mkdirSync(leak);
    for (const [name, size] of [
      ['clip.bin', 1_500_000],
      ['photo.bin', 70_000],
      ['note.bin', 10],
    ] as const)
      fs.writeFileSync(path.join(leak, name), crypto.randomBytes(size));
    expect((await vigilAwait(['init', '--organisation', 'Fictional Monitors'], env)).status).toBe(0);
    expect((await vigilAwait(['ingest', leak], env)).status).toBe(0);
  });
  afterAll(async () => {
    await s3?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves the vault to s3rver, verifies it there, and back to a folder, every blob checked', async () => {
    const there = await vigilAwait(['blobs', 'migrate', '--to', bucketUrl(), '--json'], env);
    expect(there.stderr.toString()).toBe('');
    expect(JSON.parse(there.stdout.toString())).toMatchObject({ to: bucketUrl(), copied: 3, alreadyThere: 0, failures: [], interrupted: false });
    const again = await vigilAwait(['blobs', 'migrate', '--to', bucketUrl()], env);
    expect(again.stdout.toString()).toMatch(
      /^0 blobs copied and checked, 3 already in s3:\/\/vigil-test\/e2e\/blobs and checked, 0 failed\nset VIGIL_BLOBS_URL=s3:\/\/vigil-test\/e2e\/blobs to use it/,
    );

    const inBucket = { ...env, VIGIL_BLOBS_URL: bucketUrl() };
    const verified = await vigilAwait(['verify', '--json'], inBucket);
    expect(JSON.parse(verified.stdout.toString())).toMatchObject({ checked: 3, failed: 0 });
    expect((await vigilAwait(['blobs', 'migrate', '--to', bucketUrl()], inBucket)).stderr.toString()).toMatch(/already in s3:\/\/vigil-test\/e2e\/blobs/);

    const folder = path.join(dir, 'blobs-back');
    const back = await vigilAwait(['blobs', 'migrate', '--to', folder, '--json'], inBucket);
    expect(JSON.parse(back.stdout.toString())).toMatchObject({ from: bucketUrl(), to: folder, copied: 3, failures: [] });
    const fromFolder = await vigilAwait(['verify', '--json'], { ...env, VIGIL_BLOBS_URL: `file://${folder}` });
    expect(JSON.parse(fromFolder.stdout.toString())).toMatchObject({ checked: 3, failed: 0 });
  });

  it('refuses a store URL it cannot use, saying what it expects', async () => {
    const bad = await vigilAwait(['blobs', 'migrate', '--to', 's3://Not_A_Bucket/x'], env);
    expect(bad.status).toBe(1);
    expect(bad.stderr.toString()).toMatch(/--to names no valid bucket/);
    const badEnv = await vigilAwait(['verify'], { ...env, VIGIL_BLOBS_URL: 'ftp://host/blobs' });
    expect(badEnv.status).toBe(1);
    expect(badEnv.stderr.toString()).toMatch(/VIGIL_BLOBS_URL must be s3:\/\/bucket\/prefix/);
  });
});
