import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeMedia } from '../../src/media/index.js';

/** A Matroska file whose Duration element is patched to claim this many seconds (the element counts milliseconds). */
function claimingDuration(dir: string, seconds: number): string {
  const file = path.join(dir, `claims-${seconds}.mkv`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10', '-t', '3', '-threads', '1', file]);
  const bytes = fs.readFileSync(file);
  // Duration: element id 0x4489, size 0x88 (eight bytes), a big-endian double.
  const at = bytes.indexOf(Buffer.from([0x44, 0x89, 0x88]));
  if (at < 0) throw new Error('no Duration element to patch');
  bytes.writeDoubleBE(seconds * 1000, at + 3);
  fs.writeFileSync(file, bytes);
  return file;
}

describe("a file's claimed duration", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-probe-claims-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is kept when it is credible, and taken as unknown when it claims decades', async () => {
    const honest = await probeMedia({ file: claimingDuration(dir, 3) });
    expect(honest).toMatchObject({ readable: true, kind: 'video' });
    expect(honest.durationSeconds).toBeCloseTo(3, 0);
    const lying = await probeMedia({ file: claimingDuration(dir, 8.7e12) });
    expect(lying).toMatchObject({ readable: true, kind: 'video' });
    expect(lying.durationSeconds).toBeUndefined();
  });
});
