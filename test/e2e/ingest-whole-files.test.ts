import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/blobs/blob-store.js';
import { FsBlobStore } from '../../src/blobs/fs-blob-store.js';
import { generateOrgIdentity } from '../../src/crypto/age-keys.js';
import { WholeFileSealer } from '../../src/vault/ingest/whole-file-sealer.js';
import { SourceChangedError, SourceUnreadableError } from '../../src/vault/sources/source-errors.js';
import { assertBuilt, cliEnv, vigil } from './run-cli.js';

/** The worker as `vigil` runs it: tests run the TypeScript sources, which have no compiled worker beside them. */
const WORKER = new URL('../../dist/src/vault/ingest/whole-file-worker.js', import.meta.url);
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

let dir: string;
beforeAll(() => {
  assertBuilt();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-whole-files-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function found(file: string) {
  const { dev, ino, size, mtimeMs } = fs.statSync(file);
  return { path: file, found: { dev, ino, size, mtimeMs } };
}

describe('WholeFileSealer, with the compiled worker threads', () => {
  let store: FsBlobStore;
  let identityFile: string;
  let recipient: string;

  beforeAll(async () => {
    store = new FsBlobStore(path.join(dir, 'blobs'));
    const keys = await generateOrgIdentity();
    recipient = keys.recipient;
    identityFile = path.join(dir, 'identity.txt');
    fs.writeFileSync(identityFile, `${keys.identity}\n`, { mode: 0o600 });
  });

  it('seals files side by side into temporaries that commit() makes blobs Debian age opens', async () => {
    const sealer = await WholeFileSealer.start(store, [recipient], WORKER);
    expect(sealer).not.toBeNull();
    const files = Array.from({ length: 24 }, (_, i) => {
      const data = crypto.randomBytes(i === 0 ? 0 : Math.floor(Math.random() * 3_000_000));
      const file = path.join(dir, `clip-${i}.bin`);
      fs.writeFileSync(file, data);
      return { file, data };
    });
    try {
      const blobs = await Promise.all(files.map(({ file }) => sealer!.seal(found(file))));
      blobs.forEach((blob, i) => {
        expect(blob.sha256).toBe(sha256(files[i]!.data));
        expect(blob.size).toBe(files[i]!.data.length);
      });
      expect(blobs[0]!.mediaType).toBe('application/x-empty');
      const names = blobs.map((blob) => blob.sha256);
      expect(await store.commit(blobs.map((blob, i) => ({ writer: blob.writer, name: names[i]! })))).toEqual(blobs.map(() => 'stored'));
      for (const [i, name] of names.entries()) {
        const opened = spawnSync('age', ['-d', '-i', identityFile, store.locate(name)], { maxBuffer: 16 * 1024 * 1024 });
        expect(opened.status).toBe(0);
        expect(opened.stdout.equals(files[i]!.data)).toBe(true);
      }
      expect(fs.readdirSync(path.join(dir, 'blobs', 'tmp'))).toEqual([]);
    } finally {
      await sealer!.close();
    }
  });

  it("gives a source's failure as the streamed path's error, and leaves no temporary", async () => {
    const sealer = (await WholeFileSealer.start(store, [recipient], WORKER))!;
    try {
      const file = path.join(dir, 'changing.bin');
      fs.writeFileSync(file, crypto.randomBytes(10_000));
      const walked = found(file);
      fs.appendFileSync(file, 'more');
      await expect(sealer.seal(walked)).rejects.toBeInstanceOf(SourceChangedError);
      fs.rmSync(file);
      await expect(sealer.seal(walked)).rejects.toThrow(SourceUnreadableError);
      expect(fs.readdirSync(path.join(dir, 'blobs', 'tmp'))).toEqual([]);
    } finally {
      await sealer.close();
    }
  });

  it('is not used where the store has no local temporaries or a recipient is not X25519', async () => {
    const remote: BlobStore = { ...store, localTemporaries: undefined } as unknown as BlobStore;
    expect(await WholeFileSealer.start(remote, [recipient], WORKER)).toBeNull();
    const sshRecipient = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHsKLqeplhpW+uObz5dvMgjz1OxfM/XXUB+VHtZ6isGN';
    expect(await WholeFileSealer.start(store, [recipient, sshRecipient], WORKER)).toBeNull();
  });
});

describe('vigil ingest of many small files', () => {
  it('takes each in once, exactly, and verify and Debian age agree', () => {
    const home = path.join(dir, 'home');
    const env = cliEnv(home);
    expect(vigil(['init', '--organisation', 'Fictional Monitors'], env).status).toBe(0);
    const leak = path.join(dir, 'leak');
    const originals = new Map<string, Buffer>();
    for (let i = 0; i < 60; i++) {
      const folder = path.join(leak, `cam${i % 4}`);
      fs.mkdirSync(folder, { recursive: true });
      const data = i % 10 === 9 ? originals.values().next().value! : crypto.randomBytes([0, 1, 65_536, 65_537, 1_048_577][i % 5]! + i * 997);
      const file = path.join(folder, `clip-${i}.bin`);
      fs.writeFileSync(file, data);
      originals.set(file, data);
    }
    const run = vigil(['ingest', '--json', leak], env);
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout.toString()) as {
      items: Array<{ id: string; sha256: string; size: number; paths: string[] }>;
      summary: { new: number; duplicates: number };
    };
    const distinct = new Set([...originals.values()].map(sha256));
    expect(out.summary.new).toBe(distinct.size);
    expect(out.summary.new + out.summary.duplicates).toBe(originals.size);
    for (const item of out.items) expect(item.sha256).toBe(sha256(originals.get(item.paths[0]!)!));

    const verify = vigil(['verify'], env);
    expect(verify.status).toBe(0);
    const identity = path.join(dir, 'vault-identity.txt');
    fs.writeFileSync(identity, vigil(['keys', 'identity'], env).stdout, { mode: 0o600 });
    const item = out.items.find((i) => i.size > 1_048_576)!;
    const blob = vigil(['vault', 'locate', item.id], env).stdout.toString().trim();
    const opened = spawnSync('age', ['-d', '-i', identity, blob], { maxBuffer: 16 * 1024 * 1024 });
    expect(opened.status).toBe(0);
    expect(sha256(opened.stdout)).toBe(item.sha256);
    expect(fs.readdirSync(path.join(home, 'blobs', 'tmp'))).toEqual([]);
  });
});
