import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';
import { DEFAULT_ARCHIVE_LIMITS, type IngestedItem } from '../../src/vault/index.js';

/**
 * A machine without tesseract: the analysis still probes and hashes, and says that the printed time was not read
 * and which Debian package is missing, instead of failing the whole analysis.
 */
describe('media analysis without tesseract', () => {
  let home: TestHome;
  let item: IngestedItem;
  const savedPath = process.env.PATH;

  beforeAll(async () => {
    home = await createTestHome('sqlite');
    const leak = path.join(home.dir, 'leak');
    fs.mkdirSync(leak);
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10', '-t', '4', '-threads', '1', path.join(leak, 'clip.mp4')]);
    await home.vigil.ingest.ingest([leak], { expandArchives: false, limits: DEFAULT_ARCHIVE_LIMITS, onItem: (found) => (item = found) });
  });
  afterAll(async () => {
    process.env.PATH = savedPath;
    await home?.cleanup();
  });

  it('stores the probe and the frame hashes, and the reason the printed time was not read', async () => {
    // Only the tools besides tesseract, on a PATH of their own.
    const bin = path.join(home.dir, 'bin');
    fs.mkdirSync(bin);
    for (const tool of ['ffmpeg', 'ffprobe', 'exiftool']) fs.symlinkSync(execFileSync('which', [tool]).toString().trim(), path.join(bin, tool));
    const { identity } = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
    process.env.PATH = bin;
    try {
      await home.vigil.media.analyse(item.id, identity, { lastAttempt: true });
    } finally {
      process.env.PATH = savedPath;
    }
    const analysis = await home.vigil.media.analysisOf(item.id);
    expect(analysis).toMatchObject({ state: 'analysed', probe: { kind: 'video' } });
    expect(analysis!.reason).toMatch(/the burned-in time could not be read: tesseract is not installed: media analysis needs Debian's tesseract-ocr/);
    expect(analysis!.burnedIn).toBeUndefined();
  });
});
