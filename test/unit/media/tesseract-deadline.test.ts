import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLine, readLines } from '../../../src/media/ocr/tesseract.js';

const picture = () => ({ width: 40, height: 20, pixels: new Uint8Array(800).fill(255) });

/** A tesseract that never answers, first on PATH: the reading must give up when its time is up. */
describe("the burned-in time reading's deadline", () => {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-slow-tesseract-'));
  fs.writeFileSync(path.join(bin, 'tesseract'), '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
  const savedPath = process.env.PATH;
  afterAll(() => {
    process.env.PATH = savedPath;
    fs.rmSync(bin, { recursive: true, force: true });
  });

  it('runs no tesseract once the deadline has passed', async () => {
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      expect(await readLine(picture(), 'clock', { deadline: Date.now() - 1 })).toEqual({ text: '', confidence: 0 });
      expect(await readLines([picture(), picture()], 'clock', { deadline: Date.now() - 1 })).toEqual([
        { text: '', confidence: 0 },
        { text: '', confidence: 0 },
      ]);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('stops a tesseract that runs past the deadline, well before its own 15 s limit', async () => {
    process.env.PATH = `${bin}:${savedPath}`;
    try {
      // Vitest's 5 s limit on this test fails it if the deadline is not what stops the run.
      expect(await readLine(picture(), 'clock', { deadline: Date.now() + 1000 })).toEqual({ text: '', confidence: 0 });
    } finally {
      process.env.PATH = savedPath;
    }
  });
});
