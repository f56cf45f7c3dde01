import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgeDecryptStream, createAgeEncryptStream } from '../../src/crypto/age.js';
import { generateOrgIdentity, identityFileText, parseIdentityFile } from '../../src/crypto/age-keys.js';
import { decryptWithPassphrase, encryptWithPassphrase } from '../../src/crypto/passphrase-file.js';
import { runTransform } from '../unit/crypto/age-test-helpers.js';

// Debian's age 1.1.1: the files we write must open with the standard tool, and vice versa.
const AGE = '/usr/bin/age';
const AGE_KEYGEN = '/usr/bin/age-keygen';
const SCRIPT = '/usr/bin/script';

function run(command: string, args: string[], input?: Buffer | string): Buffer {
  const result = spawnSync(command, args, { input, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${result.status}: ${result.stderr.toString()}`);
  }
  return result.stdout;
}

/** age reads passphrases only from a terminal, so type them into a pseudo-terminal made by script(1). */
function runWithTerminal(commandLine: string, typed: string): void {
  run(SCRIPT, ['-qec', commandLine, '/dev/null'], typed);
}

const shellQuote = (s: string): string => `'${s.replaceAll("'", "'\\''")}'`;

const SIZES = [0, 1, 65536, 3 * 1024 * 1024 + 12345];

describe.skipIf(!existsSync(AGE))('interoperability with the age CLI', () => {
  let dir: string;
  let identity: string;
  let recipient: string;
  let identityPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'vigil-age-cli-'));
    ({ identity, recipient } = await generateOrgIdentity());
    identityPath = join(dir, 'key.txt');
    writeFileSync(identityPath, identityFileText(identity, recipient, new Date().toISOString()), { mode: 0o600 });
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(SIZES)('age -d opens what we encrypt (%i bytes)', async (size) => {
    const plain = randomBytes(size);
    const file = await runTransform(await createAgeEncryptStream([recipient]), [plain]);
    const path = join(dir, `ours-${size}.age`);
    writeFileSync(path, file);
    expect(run(AGE, ['-d', '-i', identityPath, path]).equals(plain)).toBe(true);
  });

  it.each(SIZES)('we open what age -r encrypts (%i bytes)', async (size) => {
    const plain = randomBytes(size);
    const file = run(AGE, ['-r', recipient], plain);
    const pieces = [file.subarray(0, 1000), file.subarray(1000)];
    expect((await runTransform(createAgeDecryptStream([identity]), pieces)).equals(plain)).toBe(true);
  });

  it('reads identity files written by age-keygen, and age-keygen agrees with our recipient', () => {
    const keygenPath = join(dir, 'keygen.txt');
    run(AGE_KEYGEN, ['-o', keygenPath]);
    const text = readFileSync(keygenPath, 'utf8');
    const [keygenIdentity] = parseIdentityFile(text);
    const keygenRecipient = run(AGE_KEYGEN, ['-y', keygenPath]).toString().trim();
    const created = /^# created: (.*)$/m.exec(text)?.[1] ?? '';
    expect(identityFileText(keygenIdentity!, keygenRecipient, created)).toBe(text);
    expect(run(AGE_KEYGEN, ['-y', identityPath]).toString().trim()).toBe(recipient);
  });

  describe.skipIf(!existsSync(SCRIPT))('passphrase files (driven through script(1) for a terminal)', () => {
    it('age -d opens a file from encryptWithPassphrase', async () => {
      const path = join(dir, 'identity.age');
      const outPath = join(dir, 'identity.out');
      const secret = Buffer.from(identityFileText(identity, recipient, '2024-01-01T00:00:00Z'));
      writeFileSync(path, await encryptWithPassphrase(secret, 'correct horse battery', 10));
      runWithTerminal(`${AGE} -d -o ${shellQuote(outPath)} ${shellQuote(path)}`, 'correct horse battery\n');
      expect(readFileSync(outPath).equals(secret)).toBe(true);
    });

    it('decryptWithPassphrase opens a file from age -p', async () => {
      const inPath = join(dir, 'plain.txt');
      const path = join(dir, 'from-age-p.age');
      const secret = randomBytes(70_000);
      writeFileSync(inPath, secret);
      runWithTerminal(`${AGE} -p -o ${shellQuote(path)} ${shellQuote(inPath)}`, 'pass phrase\npass phrase\n');
      const file = readFileSync(path);
      expect(file.toString('latin1')).toMatch(/^-> scrypt /m);
      expect(Buffer.from(await decryptWithPassphrase(file, 'pass phrase')).equals(secret)).toBe(true);
    });
  });
});
