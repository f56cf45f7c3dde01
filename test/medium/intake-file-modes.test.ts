import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openIntakeRole } from '../../src/app/open-intake-role.js';
import type { VigilConfig } from '../../src/config/config.js';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { openIntake, type Intake } from '../../src/intake/open-intake.js';
import { sealUpload, wrapKeyOf } from '../helpers/intake-source.js';

const mode = (file: string) => (fs.statSync(file).mode & 0o777).toString(8);

/** Every file and folder under `dir` (itself included) that others could read, with its mode. */
function looseModes(dir: string): string[] {
  const loose: string[] = [];
  const visit = (at: string) => {
    const stat = fs.statSync(at);
    if ((stat.mode & 0o077) !== 0) loose.push(`${path.relative(dir, at) || '.'} ${mode(at)}`);
    if (stat.isDirectory()) for (const name of fs.readdirSync(at)) visit(path.join(at, name));
  };
  visit(dir);
  return loose;
}

async function storeAnUpload(intake: Intake): Promise<void> {
  const { codename, session } = await intake.sources.create();
  const submission = await intake.submissions.create(session, {});
  const sealed = await sealUpload(crypto.randomBytes(1000), 'a.bin', submission, intake.recipients, wrapKeyOf(codename, intake.sources.installationSalt));
  const info = await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
  await intake.uploads.append(session, info.id, 0, Readable.from([sealed.ciphertext]));
}

describe('file modes of the intake', () => {
  let dir: string;
  let umask: number;
  let recipient: string;

  beforeEach(async () => {
    umask = process.umask(0o022); // a usual default: files 0644, folders 0755
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-intake-modes-'));
    recipient = await identityToRecipient(await generateX25519Identity());
  });
  afterEach(() => {
    process.umask(umask);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps everything in an intake-only home to its owner: folders 0700, files 0600', async () => {
    const home = path.join(dir, 'home');
    fs.mkdirSync(path.join(home, 'keys'), { recursive: true, mode: 0o755 });
    fs.chmodSync(home, 0o755);
    fs.writeFileSync(path.join(home, 'keys', 'recipients.txt'), `${recipient}\n`, { mode: 0o644 });
    const intake = await openIntakeRole({ home, intake: loadIntakeConfig({}, home) } as VigilConfig);
    try {
      await storeAnUpload(intake);
      expect(fs.existsSync(path.join(home, 'intake', 'intake.db-wal'))).toBe(true);
      expect(looseModes(home)).toEqual([]);
    } finally {
      await intake.close();
    }
  });

  it('tightens an intake folder and database left readable by an earlier version, in either role', async () => {
    const config = loadIntakeConfig({}, dir);
    let intake = await openIntake(config, [recipient]);
    await storeAnUpload(intake);
    await intake.close();
    const intakeDir = path.join(dir, 'intake');
    for (const folder of [intakeDir, path.join(intakeDir, 'uploads')]) fs.chmodSync(folder, 0o755);
    for (const file of fs.readdirSync(intakeDir).filter((name) => name.startsWith('intake.db'))) fs.chmodSync(path.join(intakeDir, file), 0o644);
    intake = await openIntake(config, [recipient]);
    try {
      await storeAnUpload(intake);
      expect(looseModes(intakeDir)).toEqual([]);
    } finally {
      await intake.close();
    }
  });
});
