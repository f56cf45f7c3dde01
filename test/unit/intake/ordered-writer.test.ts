import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrderedWriter } from '../../../src/intake/ordered-writer.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-writer-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Cuts data into pieces of the given sizes, cycling through them. */
function pieces(data: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length]!;
    out.push(data.subarray(at, at + size));
    at += size;
  }
  return out;
}

describe('the ordered writer of upload bodies', () => {
  it("writes every piece in order after what the file held, whatever the pieces' sizes", async () => {
    const file = path.join(dir, 'upload');
    const head = crypto.randomBytes(1000);
    fs.writeFileSync(file, head);
    // Small socket-sized pieces, one that fills a batch exactly, and pieces larger than a batch.
    const body = crypto.randomBytes(11 * 1024 * 1024 + 77);
    const handle = await fsp.open(file, 'r+');
    const writer = new OrderedWriter(handle, head.length);
    for (const piece of pieces(body, [65536, 1, 1024 * 1024, 3 * 1024 * 1024 + 5, 4097])) await writer.push(piece);
    await writer.finish();
    await handle.close();
    expect(fs.readFileSync(file).equals(Buffer.concat([head, body]))).toBe(true);
  });

  it('does not keep the piece buffers it was given: the caller may reuse them at once', async () => {
    const file = path.join(dir, 'upload');
    fs.writeFileSync(file, '');
    const handle = await fsp.open(file, 'r+');
    const writer = new OrderedWriter(handle, 0);
    const reused = Buffer.alloc(65536);
    const expected: Buffer[] = [];
    for (let i = 0; i < 40; i++) {
      reused.fill(i);
      expected.push(Buffer.from(reused));
      await writer.push(reused);
    }
    await writer.finish();
    await handle.close();
    expect(fs.readFileSync(file).equals(Buffer.concat(expected))).toBe(true);
  });

  it('reports a failed write at the next push or at the end, and settles without throwing', async () => {
    const file = path.join(dir, 'upload');
    fs.writeFileSync(file, '');
    const readOnly = await fsp.open(file, 'r');
    const writer = new OrderedWriter(readOnly, 0);
    const attempt = async () => {
      for (let i = 0; i < 64; i++) await writer.push(Buffer.alloc(65536, 1));
      await writer.finish();
    };
    await expect(attempt()).rejects.toMatchObject({ code: 'EBADF' });
    await expect(writer.settle()).resolves.toBeUndefined();
    await readOnly.close();
  });
});
