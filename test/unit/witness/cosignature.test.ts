import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCheckpoint } from '../../../src/custody/checkpoint.js';
import { generateNoteKeys, openNote, signNote } from '../../../src/custody/signed-note.js';
import { WitnessError, cosign, cosignatureLinesOf, generateWitnessKeys, verifyCosignature } from '../../../src/witness/index.js';

// The checkpoint and time of tlog-cosignature's example of a signed message.
const SPEC_BODY = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const SPEC_TIME = 1679315147;

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-cosig-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The parts of a vkey or skey, decoded here without the code under test. */
function keyParts(key: string): { name: string; id: string; type: number; raw: Buffer } {
  const fields = key.replace(/^PRIVATE\+KEY\+/, '').split('+');
  const data = Buffer.from(fields.slice(2).join('+'), 'base64');
  return { name: fields[0]!, id: fields[1]!, type: data[0]!, raw: data.subarray(1) };
}

/** A PEM key file for openssl, built from the raw key bytes (RFC 8410 DER). */
function pem(raw: Buffer, kind: 'private' | 'public'): string {
  const der =
    kind === 'private'
      ? Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), raw])
      : Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]);
  const label = kind === 'private' ? 'PRIVATE KEY' : 'PUBLIC KEY';
  const file = path.join(work, `${kind}-${raw.subarray(0, 4).toString('hex')}.pem`);
  fs.writeFileSync(file, `-----BEGIN ${label}-----\n${der.toString('base64')}\n-----END ${label}-----\n`);
  return file;
}

function openssl(args: string[], input?: Buffer): Buffer {
  return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
}

function lineBytes(line: string): { name: string; blob: Buffer } {
  const match = /^— (\S+) (\S+)\n?$/.exec(line);
  expect(match).not.toBeNull();
  return { name: match![1]!, blob: Buffer.from(match![2]!, 'base64') };
}

describe('witness keys', () => {
  it('encode the public key with type 0x04 and a key id of SHA-256(name ‖ \\n ‖ 0x04 ‖ key), checked by openssl', () => {
    const { signerKey, verifierKey } = generateWitnessKeys('witness.example.org/w1');
    const vkey = keyParts(verifierKey);
    const skey = keyParts(signerKey);
    expect(signerKey.startsWith('PRIVATE+KEY+witness.example.org/w1+')).toBe(true);
    expect([vkey.type, skey.type]).toEqual([0x04, 0x04]);
    expect([vkey.raw.length, skey.raw.length]).toEqual([32, 32]);
    expect(skey.id).toBe(vkey.id);
    const hashed = openssl(['dgst', '-sha256', '-binary'], Buffer.concat([Buffer.from('witness.example.org/w1\n'), Uint8Array.of(0x04), vkey.raw]));
    expect(vkey.id).toBe(hashed.subarray(0, 4).toString('hex'));
    // The public key is the one openssl derives from the seed.
    const derived = openssl(['pkey', '-in', pem(skey.raw, 'private'), '-pubout', '-outform', 'DER']);
    expect(derived.subarray(-32).equals(vkey.raw)).toBe(true);
  });

  it('refuses bad names', () => {
    for (const name of ['', 'has space', 'plus+sign']) expect(() => generateWitnessKeys(name), name).toThrow(WitnessError);
  });
});

describe('cosignature/v1', () => {
  const { signerKey, verifierKey } = generateWitnessKeys('witness.example.org/w1');

  it('signs "cosignature/v1\\ntime T\\n" + the checkpoint, byte for byte as openssl does, behind the key id and the big-endian time', () => {
    const line = cosign(SPEC_BODY, signerKey, SPEC_TIME);
    expect(line.endsWith('\n')).toBe(true);
    const { name, blob } = lineBytes(line);
    expect(name).toBe('witness.example.org/w1');
    expect(blob.length).toBe(4 + 8 + 64);
    expect(blob.subarray(0, 4).toString('hex')).toBe(keyParts(verifierKey).id);
    expect(blob.subarray(4, 12).toString('hex')).toBe(SPEC_TIME.toString(16).padStart(16, '0'));

    // The spec's example message, written out, signed by openssl with the same seed (Ed25519 is deterministic).
    const message = `cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n`;
    const messageFile = path.join(work, 'message');
    fs.writeFileSync(messageFile, message);
    const expected = openssl(['pkeyutl', '-sign', '-rawin', '-inkey', pem(keyParts(signerKey).raw, 'private'), '-in', messageFile]);
    expect(blob.subarray(12).equals(expected)).toBe(true);

    const signatureFile = path.join(work, 'signature');
    fs.writeFileSync(signatureFile, blob.subarray(12));
    const verified = openssl([
      'pkeyutl',
      '-verify',
      '-rawin',
      '-pubin',
      '-inkey',
      pem(keyParts(verifierKey).raw, 'public'),
      '-in',
      messageFile,
      '-sigfile',
      signatureFile,
    ]);
    expect(verified.toString()).toMatch(/Signature Verified Successfully/);
  });

  it('verifies and returns the cosigned time; refuses an altered checkpoint, time or signature', () => {
    const line = cosign(SPEC_BODY, signerKey, SPEC_TIME);
    expect(verifyCosignature(SPEC_BODY, line, verifierKey)).toEqual({ time: SPEC_TIME });
    expect(verifyCosignature(SPEC_BODY, line.trimEnd(), verifierKey)).toEqual({ time: SPEC_TIME });

    expect(() => verifyCosignature(SPEC_BODY.replace('20852163', '20852164'), line, verifierKey)).toThrow(/does not verify/);
    const { name, blob } = lineBytes(line);
    const laterTime = Buffer.from(blob);
    laterTime.writeBigUInt64BE(BigInt(SPEC_TIME + 1), 4);
    expect(() => verifyCosignature(SPEC_BODY, `— ${name} ${laterTime.toString('base64')}`, verifierKey)).toThrow(/does not verify/);
    const zeroTime = Buffer.from(blob);
    zeroTime.writeBigUInt64BE(0n, 4);
    expect(() => verifyCosignature(SPEC_BODY, `— ${name} ${zeroTime.toString('base64')}`, verifierKey)).toThrow(/invalid time/);
    const flipped = Buffer.from(blob);
    flipped[40] = flipped[40]! ^ 1;
    expect(() => verifyCosignature(SPEC_BODY, `— ${name} ${flipped.toString('base64')}`, verifierKey)).toThrow(/does not verify/);
    expect(() => verifyCosignature(SPEC_BODY, `— ${name} ${blob.subarray(0, 70).toString('base64')}`, verifierKey)).toThrow(/bytes after the key id/);
    expect(() => verifyCosignature(SPEC_BODY, `${name} ${blob.toString('base64')}`, verifierKey)).toThrow(/must start with "— "/);
  });

  it('refuses a cosignature by another key, even one with the same name', () => {
    const line = cosign(SPEC_BODY, signerKey, SPEC_TIME);
    const sameName = generateWitnessKeys('witness.example.org/w1');
    const other = generateWitnessKeys('witness.example.org/w2');
    expect(() => verifyCosignature(SPEC_BODY, line, sameName.verifierKey)).toThrow(/not by the witness key/);
    expect(() => verifyCosignature(SPEC_BODY, line, other.verifierKey)).toThrow(/not by the witness key/);
  });

  it('signs extension lines with the rest of the checkpoint', () => {
    const withExtension = `${SPEC_BODY}an extension line\n`;
    const line = cosign(withExtension, signerKey, SPEC_TIME);
    expect(verifyCosignature(withExtension, line, verifierKey).time).toBe(SPEC_TIME);
    expect(() => verifyCosignature(SPEC_BODY, line, verifierKey)).toThrow(/does not verify/);
  });

  it('refuses to sign or check what is not a checkpoint, or a time that is not a positive whole second', () => {
    expect(() => cosign('just some text\n', signerKey, SPEC_TIME)).toThrow(/not a checkpoint/);
    expect(() => cosign(SPEC_BODY, signerKey, 0)).toThrow(/positive whole number/);
    expect(() => cosign(SPEC_BODY, signerKey, 1.5)).toThrow(/positive whole number/);
    expect(() => cosign(SPEC_BODY, verifierKey, SPEC_TIME)).toThrow(/malformed witness signer key/);
  });

  it('refuses a plain note key (type 0x01) where a witness key belongs, saying so', () => {
    const noteKeys = generateNoteKeys('witness.example.org/w1');
    expect(() => cosign(SPEC_BODY, noteKeys.signerKey, SPEC_TIME)).toThrow(/key for signing notes \(type 0x01\)/);
    expect(() => verifyCosignature(SPEC_BODY, cosign(SPEC_BODY, signerKey, SPEC_TIME), noteKeys.verifierKey)).toThrow(/type 0x01/);
  });
});

describe('the recipe of docs/witness.md for checking a cosignature by hand', () => {
  const recipe = /## Checking a cosignature by hand[\s\S]*?```sh\n([\s\S]*?)```/.exec(fs.readFileSync('docs/witness.md', 'utf8'))?.[1];
  const { signerKey, verifierKey } = generateWitnessKeys('witness.example.org/w1');

  function runRecipe(checkpointText: string, line: string): { status: number; output: string } {
    const dir = fs.mkdtempSync(path.join(work, 'recipe-'));
    fs.writeFileSync(path.join(dir, 'checkpoint.txt'), checkpointText);
    try {
      const output = execFileSync('bash', ['-c', recipe!], {
        cwd: dir,
        env: { ...process.env, LINE: line.trimEnd(), VKEY: verifierKey },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { status: 0, output: output.toString() };
    } catch (error) {
      const failed = error as { status: number; stdout: Buffer; stderr: Buffer };
      return { status: failed.status, output: `${failed.stdout}${failed.stderr}` };
    }
  }

  it('verifies a cosignature with openssl, and fails on an altered checkpoint', () => {
    expect(recipe).toBeDefined();
    const line = cosign(SPEC_BODY, signerKey, SPEC_TIME);
    expect(runRecipe(SPEC_BODY, line)).toEqual({ status: 0, output: 'Signature Verified Successfully\n' });
    expect(runRecipe(SPEC_BODY.replace('20852163', '20852164'), line).status).not.toBe(0);
  });
});

describe('cosigned notes', () => {
  const log = generateNoteKeys('vigil/custody/test-1a2b3c4d');
  const w1 = generateWitnessKeys('witness.example.org/w1');
  const w2 = generateWitnessKeys('lawyer.example.net/witness');
  const body = formatCheckpoint({ origin: 'vigil/custody/test-1a2b3c4d', size: 7, rootHash: createHash('sha256').update('root').digest() });
  const note = signNote(body, log.signerKey) + cosign(body, w1.signerKey, 1_700_000_000) + cosign(body, w2.signerKey, 1_700_000_001);

  it('stay signed notes for the log key: the cosignatures are signatures by keys it does not know', () => {
    expect(openNote(note, [log.verifierKey])).toEqual({ text: body, signers: ['vigil/custody/test-1a2b3c4d'] });
  });

  it("give up each witness's lines, and only those, and each verifies over the note", () => {
    const [line1, ...more1] = cosignatureLinesOf(note, w1.verifierKey);
    expect(more1).toEqual([]);
    expect(line1!.startsWith('— witness.example.org/w1 ')).toBe(true);
    expect(verifyCosignature(body, line1!, w1.verifierKey).time).toBe(1_700_000_000);
    // A whole note may stand in for its text.
    expect(verifyCosignature(note, line1!, w1.verifierKey).time).toBe(1_700_000_000);
    expect(cosignatureLinesOf(note, w2.verifierKey)).toHaveLength(1);
    expect(cosignatureLinesOf(note, generateWitnessKeys('witness.example.org/w1').verifierKey)).toEqual([]);
  });
});
