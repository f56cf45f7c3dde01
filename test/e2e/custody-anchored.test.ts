import { spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { forgeLeaf } from '../helpers/forge-custody.js';
import { decryptWithPassphrase } from '../../src/crypto/passphrase-file.js';
import { readIdentityContents } from '../../src/keys/identity-file.js';
import { CustodyRepository } from '../../src/custody/custody-repository.js';
import { consistencyProof, treeRoot } from '../../src/custody/merkle.js';
import { formatCheckpoint } from '../../src/custody/checkpoint.js';
import { signNote } from '../../src/custody/signed-note.js';
import { addCheckpoint, parseWitnessEndpoint } from '../../src/witness/index.js';
import { writeCorpus } from '../helpers/vigil-home.js';
import { assertBuilt, cliEnv, freePort, vigil, vigilAsync } from './run-cli.js';

// The attack of issue 10, from the outside: someone with write access to the home (no passphrase,
// no key) replaces an item's content and rewrites the log to match, then deletes the checkpoints.
// Two witnesses run as processes of their own, as a partner organisation or a lawyer would run them.

interface Witness {
  env: NodeJS.ProcessEnv;
  verifierKey: string;
  url: string;
  process: ChildProcess;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-anchored-'));
const home = path.join(root, 'home');
const witnesses: Witness[] = [];
let env: NodeJS.ProcessEnv;

async function startWitness(name: string, origin: string, logKey: string): Promise<Witness> {
  const witnessEnv = { ...cliEnv(home), VIGIL_WITNESS_HOME: path.join(root, name), VIGIL_WITNESS_PASSPHRASE: `the passphrase of ${name}` };
  const init = vigil(['witness', 'init', '--name', `${name}.example.org/vigil`, '--json'], witnessEnv);
  expect(init.stderr.toString()).toBe('');
  const verifierKey = (JSON.parse(init.stdout.toString()) as { verifierKey: string }).verifierKey;
  expect(vigil(['witness', 'trust', origin, logKey], witnessEnv).status).toBe(0);
  const port = await freePort();
  const child = vigilAsync(['witness', 'serve', '--port', String(port)], witnessEnv);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('/add-checkpoint')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`witness ${name} exited ${code}`)));
  });
  return { env: witnessEnv, verifierKey, url: `http://127.0.0.1:${port}`, process: child };
}

function witnessSize(witness: Witness): number {
  const listed = JSON.parse(vigil(['witness', 'list', '--json'], witness.env).stdout.toString()) as { logs: Array<{ size: number }> };
  return listed.logs[0]!.size;
}

beforeAll(async () => {
  assertBuilt();
  env = cliEnv(home);
  expect(vigil(['init', '--organisation', 'Fictional Monitors'], env).status).toBe(0);
  const origin = (JSON.parse(fs.readFileSync(path.join(home, 'vigil.json'), 'utf8')) as { custodyOrigin: string }).custodyOrigin;
  const logKey = vigil(['keys', 'custody'], env).stdout.toString().trim();
  witnesses.push(await startWitness('witness-one', origin, logKey), await startWitness('witness-two', origin, logKey));
  env = { ...env, VIGIL_WITNESSES: witnesses.map((w) => `${w.url} ${w.verifierKey}`).join(';') };
});

afterAll(() => {
  for (const w of witnesses) w.process.kill('SIGTERM');
  fs.rmSync(root, { recursive: true, force: true });
});

describe('a custody log anchored in a checkpoint file and two witnesses', () => {
  let victim: { id: string; sha256: string };
  let victimLeaf: number;
  const trustedFile = path.join(root, 'kept-by-the-lawyer.txt');

  it('has every checkpoint cosigned by both witnesses', () => {
    const corpus = writeCorpus(path.join(root, 'leak'), { 'cam1/clip.bin': 40_000, 'cam2/clip.bin': 50_000, 'statement.txt': 'A fictional statement.\n' });
    const ingest = vigil(['ingest', '--json', path.dirname(corpus['statement.txt']!)], env);
    expect(ingest.status).toBe(0);
    const items = (JSON.parse(ingest.stdout.toString()) as { items: Array<{ id: string; sha256: string; paths: string[] }> }).items;
    victim = items.find((i) => i.paths.some((p) => p.endsWith('statement.txt')))!;
    const checkpoint = vigil(['custody', 'checkpoint', '--json'], env);
    expect(checkpoint.stderr.toString()).toBe('');
    const cp = JSON.parse(checkpoint.stdout.toString()) as { note: string; treeSize: number; cosignedBy: string[] };
    expect(cp.cosignedBy.sort()).toEqual(['witness-one.example.org/vigil', 'witness-two.example.org/vigil']);
    for (const w of witnesses) expect(witnessSize(w)).toBe(cp.treeSize);

    writeCorpus(path.join(root, 'leak2'), { 'later.bin': 30_000 });
    expect(vigil(['ingest', path.join(root, 'leak2')], env).status).toBe(0);
    const verify = vigil(['verify'], env);
    expect(verify.stderr.toString()).toBe('');
    expect(verify.status).toBe(0);
    const proof = JSON.parse(vigil(['custody', 'prove', victim.id, '--json'], env).stdout.toString()) as {
      checkpoint: string;
      leafIdx: number;
      treeSize: number;
    };
    victimLeaf = proof.leafIdx;
    fs.writeFileSync(trustedFile, proof.checkpoint);
    for (const w of witnesses) expect(witnessSize(w)).toBe(proof.treeSize);
    const report = JSON.parse(vigil(['custody', 'verify', '--json', '--trusted', trustedFile], env).stdout.toString()) as {
      problems: string[];
      witnesses: Array<{ cosigned: number; holds: number }>;
    };
    expect(report.problems).toEqual([]);
    expect(report.witnesses.map((w) => [w.cosigned, w.holds])).toEqual([
      [2, proof.treeSize],
      [2, proof.treeSize],
    ]);
  });

  it('ships the cosignatures in evidence packages, checkable with OpenSSL', () => {
    const out = path.join(root, 'good-package');
    const exported = vigil(['export', victim.id, '--out', out, '--json'], env);
    expect(exported.stderr.toString()).toBe('');
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as {
      custody: { cosignatures: Array<{ witness: string; folder: string }> };
    };
    expect(manifest.custody.cosignatures.map((c) => c.witness).sort()).toEqual(['witness-one.example.org/vigil', 'witness-two.example.org/vigil']);
    const readme = fs.readFileSync(path.join(out, 'README.txt'), 'utf8');
    const body = fs.readFileSync(path.join(out, 'checkpoint-body.txt'));
    for (const { folder } of manifest.custody.cosignatures) {
      expect(readme).toContain(`-inkey ${folder}/witness-key.pem`);
      const check = spawnSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          `${folder}/witness-key.pem`,
          '-rawin',
          '-in',
          `${folder}/cosigned-message.txt`,
          '-sigfile',
          `${folder}/cosignature.sig`,
        ],
        { cwd: out },
      );
      expect(check.stdout.toString()).toMatch(/Signature Verified Successfully/);
      const message = fs.readFileSync(path.join(out, folder, 'cosigned-message.txt'));
      expect(message.subarray(message.length - body.length).equals(body)).toBe(true);
      // A cosignature over anything else fails.
      fs.writeFileSync(path.join(out, folder, 'cosigned-message.txt'), Buffer.concat([message, Buffer.from(' ')]));
      const forged = spawnSync(
        'openssl',
        [
          'pkeyutl',
          '-verify',
          '-pubin',
          '-inkey',
          `${folder}/witness-key.pem`,
          '-rawin',
          '-in',
          `${folder}/cosigned-message.txt`,
          '-sigfile',
          `${folder}/cosignature.sig`,
        ],
        { cwd: out },
      );
      expect(forged.status).not.toBe(0);
    }
  });

  it('refuses, everywhere, a log rewritten on disk with its checkpoints deleted, naming the first altered leaf', async () => {
    // A new content for the statement, encrypted to the organisation's public recipient.
    const recipient = vigil(['keys', 'recipients'], env).stdout.toString().trim();
    const forgedText = Buffer.from('A different statement, written by someone else.\n');
    const blob = vigil(['vault', 'locate', victim.id], env).stdout.toString().trim();
    const age = spawnSync('age', ['-r', recipient, '-o', blob], { input: forgedText });
    expect(age.status).toBe(0);
    const forgedSha = (await import('node:crypto')).createHash('sha256').update(forgedText).digest('hex');
    const database = openDatabase({ kind: 'sqlite', file: path.join(home, 'vigil.db') });
    try {
      await database.db.updateTable('items').set({ sha256: forgedSha, size: forgedText.length }).where('id', '=', victim.id).execute();
      await forgeLeaf(database.db, victimLeaf, (data) => data.replace(victim.sha256, forgedSha).replace(/"size":\d+/, `"size":${forgedText.length}`));
      await database.db.deleteFrom('custody_checkpoints').execute();
    } finally {
      await database.close();
    }

    const custodyVerify = vigil(['custody', 'verify'], env);
    expect(custodyVerify.status).toBe(1);
    expect(custodyVerify.stdout.toString()).toMatch(new RegExp(`FAIL leaf ${victimLeaf} \\(ingested, item ${victim.id}\\) differs from the leaf signed`));
    const fromTrusted = vigil(['custody', 'verify', '--trusted', trustedFile], env);
    expect(fromTrusted.status).toBe(1);
    expect(fromTrusted.stdout.toString()).toMatch(/does NOT extend the trusted checkpoint/);

    const verify = vigil(['verify'], env);
    expect(verify.status).toBe(1);
    expect(verify.stderr.toString()).toMatch(new RegExp(`leaf ${victimLeaf} \\(ingested, item ${victim.id}\\) differs`));
    expect(verify.stdout.toString()).not.toMatch(/all intact/);

    const out = path.join(root, 'package');
    const exported = vigil(['export', victim.id, '--out', out], env);
    expect(exported.status).toBe(1);
    expect(exported.stderr.toString()).toMatch(new RegExp(`leaf ${victimLeaf} `));
    expect(fs.existsSync(out)).toBe(false);
  });

  it('is refused by both witnesses when the checkpoint file is gone too, and they keep what they cosigned', async () => {
    const before = witnesses.map(witnessSize);
    fs.rmSync(path.join(home, 'custody', 'checkpoints.jsonl'));
    // The log asks the witnesses what they cosigned before it signs, and refuses.
    const checkpoint = vigil(['custody', 'checkpoint'], env);
    expect(checkpoint.status).toBe(1);
    expect(checkpoint.stderr.toString()).toMatch(/no longer extends the checkpoint witness witness-one\.example\.org\/vigil cosigned \(size \d+\)/);
    const custodyVerify = vigil(['custody', 'verify'], env);
    expect(custodyVerify.status).toBe(1);
    expect(custodyVerify.stdout.toString()).toMatch(/witness witness-two\.example\.org\/vigil cosigned a checkpoint of size \d+ that does not match the log/);
    const fromTrusted = vigil(['custody', 'verify', '--trusted', trustedFile], env);
    expect(fromTrusted.status).toBe(1);
    expect(fromTrusted.stdout.toString()).toMatch(/does not extend the trusted checkpoint of size/);

    // Whoever holds the signing key and signs the rewritten log anyway gets no cosignature: each witness
    // checks the consistency proof from what it cosigned, and refuses the fork.
    const identityFile = fs.readFileSync(path.join(home, 'keys', 'identity.age'));
    const identityText = Buffer.from(await decryptWithPassphrase(identityFile, env.VIGIL_PASSPHRASE!)).toString('utf8');
    const signer = readIdentityContents(identityText, 'identity.age').custodySignerKey!;
    const database = openDatabase({ kind: 'sqlite', file: path.join(home, 'vigil.db') });
    try {
      const repo = new CustodyRepository(database.db);
      const size = await repo.headSize();
      const get = (level: number, index: number) => repo.node(level, index);
      const origin = (JSON.parse(fs.readFileSync(path.join(home, 'vigil.json'), 'utf8')) as { custodyOrigin: string }).custodyOrigin;
      const forkNote = signNote(formatCheckpoint({ origin, size, rootHash: await treeRoot(size, get) }), signer);
      for (const [i, w] of witnesses.entries()) {
        const endpoint = parseWitnessEndpoint(`${w.url} ${w.verifierKey}`);
        const submission = addCheckpoint(endpoint, { oldSize: before[i]!, proof: await consistencyProof(before[i]!, size, get), note: forkNote });
        await expect(submission).rejects.toMatchObject({ status: 422 });
      }
    } finally {
      await database.close();
    }
    expect(witnesses.map(witnessSize)).toEqual(before);
  });
});
