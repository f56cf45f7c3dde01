import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filePieces } from '../../../src/vault/sources/file-pieces.js';
import { makeTempDir } from './fixtures.js';

describe('filePieces', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir()));
  afterEach(() => cleanup());

  async function digestOf(path: string): Promise<{ sha256: string; pieces: number[] }> {
    const hash = createHash('sha256');
    const pieces: number[] = [];
    for await (const piece of filePieces(await open(path))) {
      hash.update(piece);
      pieces.push(piece.length);
    }
    return { sha256: hash.digest('hex'), pieces };
  }

  it('reads every byte of files smaller and larger than one piece, and of an empty file', async () => {
    for (const size of [0, 1, 1024 * 1024, 3 * 1024 * 1024 + 17]) {
      const data = randomBytes(size);
      const path = join(dir, `f${size}`);
      writeFileSync(path, data);
      const { sha256, pieces } = await digestOf(path);
      expect(sha256).toBe(createHash('sha256').update(data).digest('hex'));
      expect(pieces.reduce((a, b) => a + b, 0)).toBe(size);
      expect(pieces.every((n) => n > 0 && n <= 1024 * 1024)).toBe(true);
    }
  });

  it('leaves each piece intact until the next is asked for, while it reads ahead', async () => {
    const data = randomBytes(5 * 1024 * 1024 + 99);
    const path = join(dir, 'ahead');
    writeFileSync(path, data);
    const copies: Buffer[] = [];
    for await (const piece of filePieces(await open(path))) {
      const copy = Buffer.from(piece);
      await new Promise((resolve) => setTimeout(resolve, 5)); // the read of the next piece finishes meanwhile
      expect(piece.equals(copy)).toBe(true);
      copies.push(copy);
    }
    expect(Buffer.concat(copies).equals(data)).toBe(true);
  });

  it('reads to the real end when the file grew after it was listed', async () => {
    const path = join(dir, 'growing');
    writeFileSync(path, 'first part, ');
    const handle = await open(path);
    appendFileSync(path, 'and what came later');
    const chunks: Buffer[] = [];
    for await (const piece of filePieces(handle)) chunks.push(Buffer.from(piece));
    expect(Buffer.concat(chunks).toString()).toBe('first part, and what came later');
  });

  it('closes the file when destroyed before or during reading', async () => {
    const path = join(dir, 'f');
    writeFileSync(path, randomBytes(3 * 1024 * 1024));
    const unread = await open(path);
    filePieces(unread).destroy();
    const partly = await open(path);
    const source = filePieces(partly);
    for await (const piece of source) {
      expect(piece.length).toBe(1024 * 1024);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(unread.stat()).rejects.toThrow(/closed|EBADF/);
    await expect(partly.stat()).rejects.toThrow(/closed|EBADF/);
  });
});
