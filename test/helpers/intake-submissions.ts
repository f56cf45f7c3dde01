import crypto from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { homeLayout } from '../../src/config/home-layout.js';
import { parseRecipientsFile } from '../../src/crypto/age-keys.js';
import { openIntake } from '../../src/intake/open-intake.js';
import { sealUpload, wrapKeyOf } from './intake-source.js';

/**
 * Submissions as sources leave them, written straight into a home's intake (its database and upload store),
 * as a served intake would: one source per submission, one complete file of random bytes per size given.
 * Answers each submission's id and the SHA-256 of its files.
 */
export async function addSubmissions(home: string, submissions: number[][], env: NodeJS.ProcessEnv = {}): Promise<Array<{ id: string; sha256: string[] }>> {
  const recipients = parseRecipientsFile(fs.readFileSync(homeLayout(home).recipientsFile, 'utf8'));
  const intake = await openIntake(loadIntakeConfig(env, home), recipients);
  try {
    const made: Array<{ id: string; sha256: string[] }> = [];
    for (const sizes of submissions) {
      const source = await intake.sources.create();
      const id = await intake.submissions.create(source.session, {});
      const sha256: string[] = [];
      for (const [n, size] of sizes.entries()) {
        const sealed = await sendFile(intake, source, id, `file-${n}.bin`, crypto.randomBytes(size));
        sha256.push(sealed.sha256);
      }
      made.push({ id, sha256 });
    }
    return made;
  } finally {
    await intake.close();
  }
}

type Intake = Awaited<ReturnType<typeof openIntake>>;

/** One file sent by a source to its submission, as the browser sends it: sealed, uploaded whole, with its manifest unless told not. */
export async function sendFile(
  intake: Intake,
  source: { session: Parameters<Intake['uploads']['create']>[0]; codename: string },
  submission: string,
  name: string,
  bytes: Buffer,
  options: { manifest?: boolean } = {},
): Promise<Awaited<ReturnType<typeof sealUpload>> & { uploadId: string }> {
  const sealed = await sealUpload(bytes, name, submission, intake.recipients, wrapKeyOf(source.codename, intake.sources.installationSalt));
  const info = await intake.uploads.create(source.session, sealed.ciphertext.length, sealed.metadata);
  await intake.uploads.append(source.session, info.id, 0, Readable.from([sealed.ciphertext]));
  if (options.manifest !== false) await intake.uploads.setManifest(source.session, info.id, sealed.manifest);
  return { ...sealed, uploadId: info.id };
}
