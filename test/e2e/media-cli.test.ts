import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, vigil } from './run-cli.js';

const FIXTURES = path.resolve('test/fixtures/pdq');

describe('vigil media hash', () => {
  let home: string;
  beforeAll(() => {
    assertBuilt();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-media-cli-'));
  });
  afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

  it('prints {pdq, quality} of an image as the reference computed it, without a vault (none is made)', () => {
    const [hash, quality] = fs.readFileSync(path.join(FIXTURES, 'expected.csv'), 'utf8').split('\n')[0]!.split(',');
    const run = vigil(['media', 'hash', '--json', path.join(FIXTURES, 'bridge-mods/aaa-orig.jpg')], cliEnv(path.join(home, 'nothing-here')));
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout.toString())).toMatchObject({ pdq: hash, quality: Number(quality), format: 'jpeg', width: 1600, height: 1004 });
    expect(fs.existsSync(path.join(home, 'nothing-here'))).toBe(false);
  });

  it('says why it cannot hash a file that is not an image, and exits 1', () => {
    const run = vigil(['media', 'hash', path.resolve('package.json')], cliEnv(home));
    expect(run.status).toBe(1);
    expect(run.stderr.toString()).toMatch(/package\.json: not an image this version can read/);
  });
});
