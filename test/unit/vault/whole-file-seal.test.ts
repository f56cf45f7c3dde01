import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGE_CHUNK_ENCRYPTED } from '../../../src/crypto/age-chunk.js';
import { generateOrgIdentity } from '../../../src/crypto/age-keys.js';
import type { FoundFile } from '../../../src/vault/sources/source-change.js';
import { sealWholeFile, type WholeFileTools } from '../../../src/vault/ingest/whole-file-seal.js';
import type { SealFileReply } from '../../../src/vault/ingest/whole-file-sealer.js';

const MiB = 1024 * 1024;
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

let dir: string;
let identityFile: string;
let recipient: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-whole-file-'));
  fs.mkdirSync(path.join(dir, 'tmp'));
  const keys = await generateOrgIdentity();
  recipient = keys.recipient;
  identityFile = path.join(dir, 'identity.txt');
  fs.writeFileSync(identityFile, `${keys.identity}\n`, { mode: 0o600 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function foundOf(file: string): FoundFile {
  const { dev, ino, size, mtimeMs } = fs.statSync(file);
  return { dev, ino, size, mtimeMs };
}

let nextId = 0;
function seal(file: string, tools: WholeFileTools, found: FoundFile = foundOf(file)) {
  const tmpPath = path.join(dir, 'tmp', `t-${nextId}.part`);
  return { tmpPath, reply: sealWholeFile({ id: nextId++, path: file, found, tmpPath }, tools) };
}

function sealed(reply: SealFileReply) {
  if (!('sealed' in reply)) throw new Error(`expected a sealed file, got ${JSON.stringify(reply.failed)}`);
  return reply.sealed;
}

function failed(reply: SealFileReply) {
  if (!('failed' in reply)) throw new Error('expected a failure');
  return reply.failed;
}

/** Debian's age opens what was written. */
function ageDecrypt(file: string): Buffer {
  const opened = spawnSync('age', ['-d', '-i', identityFile, file], { maxBuffer: 64 * MiB });
  expect(opened.stderr.toString()).toBe('');
  expect(opened.status).toBe(0);
  return opened.stdout;
}

describe('sealing a whole file', () => {
  const tools = (readBytes = MiB): WholeFileTools => ({
    recipients: [recipient],
    readBuffer: Buffer.alloc(readBytes),
    lastChunk: Buffer.alloc(AGE_CHUNK_ENCRYPTED),
    headBytes: 4100,
  });

  it('writes an age file Debian age opens, with the plaintext hash, size and head, at every chunk and piece boundary', () => {
    const t = tools();
    for (const size of [0, 1, 65_535, 65_536, 65_537, MiB - 1, MiB, MiB + 1, 3 * MiB + 5]) {
      const data = crypto.randomBytes(size);
      const file = path.join(dir, `plain-${size}`);
      fs.writeFileSync(file, data);
      const { tmpPath, reply } = seal(file, t);
      const out = sealed(reply);
      expect(out.sha256).toBe(sha256(data));
      expect(out.size).toBe(size);
      expect(Buffer.from(out.head).equals(data.subarray(0, 4100))).toBe(true);
      fs.closeSync(out.fd);
      expect(fs.statSync(tmpPath).size).toBe(out.blobBytes);
      expect(ageDecrypt(tmpPath).equals(data)).toBe(true);
    }
  });

  it('reads a file in pieces smaller than a chunk', () => {
    const data = crypto.randomBytes(200_001);
    const file = path.join(dir, 'small-pieces');
    fs.writeFileSync(file, data);
    const { tmpPath, reply } = seal(file, tools(4096 * 3));
    fs.closeSync(sealed(reply).fd);
    expect(ageDecrypt(tmpPath).equals(data)).toBe(true);
  });

  it('refuses a file that changed since the walk, and leaves no temporary behind', () => {
    const file = path.join(dir, 'changes');
    fs.writeFileSync(file, crypto.randomBytes(100_000));
    const found = foundOf(file);
    const cases: Array<[FoundFile, RegExp]> = [
      [{ ...found, size: found.size + 10 }, /changed while it was read: 97\.7 KiB when found, 97\.7 KiB after reading; not stored/],
      [{ ...found, ino: found.ino + 1 }, /replaced by another file/],
      [{ ...found, mtimeMs: found.mtimeMs - 5000 }, /modified at/],
    ];
    for (const [claimed, reason] of cases) {
      const { tmpPath, reply } = seal(file, tools(), claimed);
      const failure = failed(reply);
      expect(failure.side).toBe('source');
      expect(failure.name).toBe('SourceChangedError');
      expect(failure.message).toMatch(reason);
      expect(fs.existsSync(tmpPath)).toBe(false);
    }
  });

  it('reads at most one byte past the size found (a file that claims 0 bytes and goes on)', () => {
    const proc = '/proc/self/status'; // st_size 0, yet it has content, like a FUSE file or a device put in a file's place
    const { tmpPath, reply } = seal(proc, tools(), foundOf(proc));
    const failure = failed(reply);
    expect(failure).toMatchObject({ side: 'source', name: 'SourceChangedError' });
    expect(failure.message).toMatch(/grew while it was read; reading stopped past the size found/);
    expect(fs.existsSync(tmpPath)).toBe(false);
  });

  it('never follows a link, never blocks on a FIFO, and names a file that vanished', () => {
    const here = fs.mkdtempSync(path.join(dir, 'odd-'));
    const target = path.join(here, 'target');
    fs.writeFileSync(target, 'evidence');
    const link = path.join(here, 'link');
    fs.symlinkSync(target, link);
    const fifo = path.join(here, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const found = foundOf(target);

    const viaLink = failed(seal(link, tools(), found).reply);
    expect(viaLink).toMatchObject({ side: 'source', name: 'SourceUnreadableError' });
    expect(viaLink.message).toMatch(/symbolic link/);

    const viaFifo = failed(seal(fifo, tools(), found).reply);
    expect(viaFifo).toMatchObject({ side: 'source', name: 'SourceChangedError' });
    expect(viaFifo.message).toMatch(/FIFO/);

    const gone = failed(seal(path.join(dir, 'no-such-file'), tools(), found).reply);
    expect(gone).toMatchObject({ side: 'source', name: 'SourceUnreadableError' });
    expect(gone.message).toMatch(/no such file or directory/);
  });

  it("answers a failure of the vault's disk as the store's, not the source's", () => {
    const file = path.join(dir, 'fine');
    fs.writeFileSync(file, 'fine');
    const reply = sealWholeFile({ id: 1, path: file, found: foundOf(file), tmpPath: path.join(dir, 'no-such-folder', 'x.part') }, tools());
    expect(failed(reply)).toMatchObject({ side: 'store', code: 'ENOENT' });
  });
});
