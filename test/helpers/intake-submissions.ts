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
        const sealed = await sealUpload(
          crypto.randomBytes(size),
          `file-${n}.bin`,
          id,
          intake.recipients,
          wrapKeyOf(source.codename, intake.sources.installationSalt),
        );
        const info = await intake.uploads.create(source.session, sealed.ciphertext.length, sealed.metadata);
        await intake.uploads.append(source.session, info.id, 0, Readable.from([sealed.ciphertext]));
        await intake.uploads.setManifest(source.session, info.id, sealed.manifest);
        sha256.push(sealed.sha256);
      }
      made.push({ id, sha256 });
    }
    return made;
  } finally {
    await intake.close();
  }
}
