import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/vault/index.js';
import { probeMedia } from '../../src/media/index.js';
import { InvalidInputError } from '../../src/shared/index.js';
import type { IngestedItem } from '../../src/vault/index.js';

describe('probing and hashing vault items', () => {
  let home: TestHome;
  let identity: string;
  let dir: string;
  const items = new Map<string, IngestedItem>();

  beforeAll(async () => {
    home = await createTestHome('sqlite');
    identity = (await home.vigil.keyring.unlock(TEST_PASSPHRASE)).identity;
    dir = path.join(home.dir, 'leak');
    fs.mkdirSync(dir);
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=25', '-t', '6', '-b:v', '2M', '-c:v', 'libx264', '-pix_fmt', 'yuv420p'],
      ...['-metadata', 'creation_time=2024-03-01T10:20:30Z', '-threads', '1', path.join(dir, 'clip.mp4')],
    ]);
    fs.copyFileSync(path.resolve('test/fixtures/pdq/bridge-mods/aaa-orig.jpg'), path.join(dir, 'photo.jpg'));
    fs.writeFileSync(path.join(dir, 'note.txt'), 'not a picture\n');
    await home.vigil.ingest.ingest([dir], {
      expandArchives: false,
      limits: DEFAULT_ARCHIVE_LIMITS,
      onItem: (item) => items.set(path.basename(item.paths[0]!), item),
    });
  });
  afterAll(async () => home?.cleanup());

  const lastLeaf = async () => home.vigil.database.db.selectFrom('custody_leaves').selectAll().orderBy('idx', 'desc').limit(1).executeTakeFirstOrThrow();

  it('probes a clip from its decrypted plaintext, as it probes the file itself, and logs the decryption', async () => {
    const clip = items.get('clip.mp4')!;
    const probe = await home.vigil.media.probe(clip.id, identity);
    const { item, ...rest } = probe;
    expect(item).toBe(clip.id);
    expect(rest).toEqual(await probeMedia({ file: path.join(dir, 'clip.mp4') }));
    expect(rest).toMatchObject({ readable: true, kind: 'video', video: { codec: 'h264', width: 320, height: 240 } });
    const leaf = await lastLeaf();
    expect([leaf.event, leaf.item_id]).toEqual(['decrypted', clip.id]);
    expect(JSON.parse(leaf.data)).toMatchObject({ purpose: 'media probe' });
  });

  it('hashes a photograph in the vault as the reference does, and logs the decryption', async () => {
    const photo = items.get('photo.jpg')!;
    const [hash] = fs.readFileSync(path.resolve('test/fixtures/pdq/expected.csv'), 'utf8').split('\n')[0]!.split(',');
    expect(await home.vigil.media.hashImage(photo.id, identity)).toMatchObject({ item: photo.id, pdq: hash, quality: 100, format: 'jpeg' });
    expect(JSON.parse((await lastLeaf()).data)).toMatchObject({ purpose: 'media hash', item: photo.id });
  });

  it('says why an item that is not an image cannot be hashed', async () => {
    const error = await home.vigil.media.hashImage(items.get('note.txt')!.id, identity).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as Error).message).toMatch(/not an image/);
  });
});
