import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { assertBuilt, cliEnv, vigil, vigilAsync, vigilAwait } from './run-cli.js';
import { startTestTsa } from '../helpers/openssl-tsa.js';
import { createTestDatabase, postgresAvailable } from '../helpers/databases.js';

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

describe('vigil CLI, end to end', () => {
  let dir: string;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let leak: string;
  let items: Array<{ id: string; sha256: string; size: number; paths: string[]; status: string }>;

  beforeAll(() => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-'));
    home = path.join(dir, 'home');
    env = cliEnv(home);
    leak = path.join(dir, 'leak');
    fs.mkdirSync(path.join(leak, 'body-cam'), { recursive: true });
    fs.writeFileSync(path.join(leak, 'body-cam', 'clip-01.bin'), crypto.randomBytes(1_500_000));
    fs.writeFileSync(path.join(leak, 'body-cam', 'clip-02.bin'), crypto.randomBytes(70_000));
    fs.writeFileSync(path.join(leak, 'statement.txt'), 'Synthetic statement by a fictional witness, Ivan Testov.\n');
    execFileSync('zip', ['-qr', path.join(leak, 'archive.zip'), 'body-cam'], { cwd: leak });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('init creates a home whose identity the age CLI opens with the passphrase, and refuses to overwrite it', () => {
    const init = vigil(['init', '--organisation', 'Fictional Monitors'], env);
    expect(init.stderr.toString()).toBe('');
    expect(init.status).toBe(0);
    expect(init.stdout.toString()).toMatch(/vault recipient: +age1/);
    for (const f of ['vigil.json', 'vigil.db', 'keys/identity.age', 'keys/recipients.txt', 'keys/custody-verifier.txt']) {
      expect(fs.existsSync(path.join(home, f))).toBe(true);
    }
    expect(fs.readFileSync(path.join(home, 'keys/identity.age')).subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
    const again = vigil(['init'], env);
    expect(again.status).not.toBe(0);
    expect(again.stderr.toString()).toMatch(/will not overwrite/);
  });

  it('says so when the passphrase is wrong or missing', () => {
    const wrong = vigil(['keys', 'identity'], { ...env, VIGIL_PASSPHRASE: 'not the passphrase' });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.toString()).toMatch(/wrong passphrase/);
    const noneEnv = { ...env };
    delete noneEnv.VIGIL_PASSPHRASE;
    const none = vigil(['keys', 'identity'], noneEnv);
    expect(none.stderr.toString()).toMatch(/VIGIL_PASSPHRASE|--passphrase-file/);
  });

  it('ingests files, folders and a zip, and prints a JSON summary', () => {
    const run = vigil(['ingest', '--json', leak], env);
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout.toString()) as { items: typeof items; summary: { new: number; duplicates: number } };
    items = out.items;
    expect(out.summary.new).toBe(4); // 2 clips, the statement, the zip itself
    expect(out.summary.duplicates).toBe(2); // the clips again, inside the zip
    const clip = fs.readFileSync(path.join(leak, 'body-cam', 'clip-01.bin'));
    const clipItems = items.filter((i) => i.sha256 === sha256(clip));
    expect(clipItems.map((i) => i.paths[0])).toEqual(
      expect.arrayContaining([path.join(leak, 'body-cam', 'clip-01.bin'), `${path.join(leak, 'archive.zip')}!/body-cam/clip-01.bin`]),
    );
    expect(new Set(clipItems.map((i) => i.id)).size).toBe(1);
  });

  it('vault cat writes the plaintext; Debian age opens the blob with `vigil keys identity`', () => {
    const clip = fs.readFileSync(path.join(leak, 'body-cam', 'clip-01.bin'));
    const item = items.find((i) => i.sha256 === sha256(clip))!;
    const cat = vigil(['vault', 'cat', item.id], env);
    expect(cat.status).toBe(0);
    expect(cat.stdout.equals(clip)).toBe(true);
    const blob = vigil(['vault', 'locate', item.id], env).stdout.toString().trim();
    expect(path.basename(blob)).not.toContain(item.sha256);
    const identity = vigil(['keys', 'identity'], env).stdout.toString();
    expect(identity).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]+\n$/);
    const keyFile = path.join(dir, 'identity.txt');
    fs.writeFileSync(keyFile, identity, { mode: 0o600 });
    const opened = spawnSync('age', ['-d', '-i', keyFile, blob], { maxBuffer: 64 * 1024 * 1024 });
    expect(opened.status).toBe(0);
    expect(opened.stdout.equals(clip)).toBe(true);
  });

  it('checkpoints, proves an item, and checks proofs offline', () => {
    const cp = vigil(['custody', 'checkpoint'], env);
    expect(cp.status).toBe(0);
    expect(cp.stdout.toString()).toMatch(/^vigil\/custody\/fictional-monitors-[0-9a-f]{8}\n\d+\n[A-Za-z0-9+/=]{44}\n\n\u2014 /);
    const proof = vigil(['custody', 'prove', items[0]!.id, '--json'], env);
    expect(proof.status).toBe(0);
    const proofFile = path.join(dir, 'proof.json');
    fs.writeFileSync(proofFile, proof.stdout);
    const bad = JSON.parse(proof.stdout.toString()) as { leafHash: string };
    const flipped = Buffer.from(bad.leafHash, 'base64');
    flipped[0]! ^= 1;
    const badFile = path.join(dir, 'bad-proof.json');
    fs.writeFileSync(badFile, JSON.stringify({ ...bad, leafHash: flipped.toString('base64') }));
    const good = vigil(['custody', 'check-proof', proofFile], env);
    expect(good.status).toBe(0);
    expect(good.stdout.toString()).toMatch(/valid inclusion proof/);
    const both = vigil(['custody', 'check-proof', proofFile, badFile], env);
    expect(both.status).toBe(1);
    expect(both.stdout.toString()).toMatch(/bad-proof\.json: invalid: /);
    const consistency = vigil(['custody', 'consistency', '1', '3'], env);
    fs.writeFileSync(path.join(dir, 'consistency.json'), consistency.stdout);
    expect(vigil(['custody', 'check-proof', path.join(dir, 'consistency.json')], env).stdout.toString()).toMatch(/valid consistency proof/);
  });

  it('verify passes, then names an item whose blob was altered on disk', () => {
    expect(vigil(['verify'], env).status).toBe(0);
    const victim = items.find((i) => i.size === 70_000)!;
    const blob = vigil(['vault', 'locate', victim.id], env).stdout.toString().trim();
    const bytes = fs.readFileSync(blob);
    const altered = Buffer.from(bytes);
    altered[altered.length - 20]! ^= 0x80;
    fs.writeFileSync(blob, altered);
    const run = vigil(['verify'], env);
    fs.writeFileSync(blob, bytes);
    expect(run.status).toBe(1);
    expect(run.stdout.toString()).toContain(`FAIL ${victim.id}`);
    expect(run.stdout.toString()).toMatch(/1 FAILED/);
  });

  it("verify's worker threads tell a missing blob, a damaged header and other content apart", () => {
    const distinct = items.filter((item, i) => item.size > 0 && items.findIndex((other) => other.sha256 === item.sha256) === i);
    const [missing, header, forged] = distinct;
    const blobOf = (id: string) => vigil(['vault', 'locate', id], env).stdout.toString().trim();
    const saved = [missing!, header!, forged!].map((item) => ({ file: blobOf(item.id), bytes: fs.readFileSync(blobOf(item.id)) }));
    try {
      fs.rmSync(saved[0]!.file);
      const damaged = Buffer.from(saved[1]!.bytes);
      damaged[40]! ^= 0x01; // inside the X25519 stanza: the file key no longer unwraps
      fs.writeFileSync(saved[1]!.file, damaged);
      const other = path.join(dir, 'other-content.bin');
      fs.writeFileSync(other, crypto.randomBytes(1000));
      execFileSync('age', ['-R', path.join(home, 'keys/recipients.txt'), '-o', saved[2]!.file, other]);
      const run = vigil(['verify', '--json'], env);
      expect(run.status).toBe(1);
      const verdicts = (JSON.parse(run.stdout.toString()) as { failures: Array<{ id: string; problems: string[] }> }).failures;
      const problemsOf = (id: string) => verdicts.find((v) => v.id === id)?.problems.join(' ') ?? '';
      expect(problemsOf(missing!.id)).toMatch(/^blob is missing: /);
      expect(problemsOf(header!.id)).toMatch(/^blob cannot be decrypted \(altered or damaged\): /);
      expect(problemsOf(forged!.id)).toMatch(/SHA-256 differs: recorded [0-9a-f]{64}, blob holds [0-9a-f]{64}/);
      expect(verdicts).toHaveLength(3);
    } finally {
      for (const { file, bytes } of saved) fs.writeFileSync(file, bytes);
    }
    expect(vigil(['verify'], env).status).toBe(0);
  });

  it('custody verify finds a log entry altered on disk', () => {
    expect(vigil(['custody', 'verify'], env).status).toBe(0);
    const db = new SQLite(path.join(home, 'vigil.db'));
    const row = db.prepare('select data from custody_leaves where idx = 0').get() as { data: string };
    db.prepare('update custody_leaves set data = ? where idx = 0').run(row.data.replace('"ingested"', '"ingestEd"'));
    db.close();
    const run = vigil(['custody', 'verify'], env);
    expect(run.status).toBe(1);
    expect(run.stdout.toString()).toMatch(/leaf 0 .*altered/);
    const fix = new SQLite(path.join(home, 'vigil.db'));
    fix.prepare('update custody_leaves set data = ? where idx = 0').run(row.data);
    fix.close();
  });

  it("exports a package re-encrypted to a lawyer's age key", () => {
    const keyFile = path.join(dir, 'lawyer.txt');
    execFileSync('age-keygen', ['-o', keyFile], { stdio: 'ignore' });
    const recipient = execFileSync('age-keygen', ['-y', keyFile]).toString().trim();
    const out = path.join(dir, 'package');
    const clip = items.find((i) => i.size === 1_500_000)!;
    const run = vigil(['export', clip.id, '--out', out, '--to', recipient], env);
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out }).toString()).toMatch(/\.age: OK/);
    const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { items: Array<{ file: string; sha256: string }> };
    const file = path.join(out, manifest.items[0]!.file);
    execFileSync('age', ['-d', '-i', keyFile, '-o', file.replace(/\.age$/, ''), file]);
    expect(execFileSync('sha256sum', ['-c', 'PLAINTEXT-SHA256SUMS'], { cwd: out }).toString()).toMatch(/: OK/);
    expect(vigil(['custody', 'check-proof', path.join(out, 'proofs', `${clip.id}.json`)], env).status).toBe(0);
    expect(fs.readFileSync(path.join(out, 'README.txt'), 'utf8')).toMatch(/sha256sum -c SHA256SUMS/);
    const refused = vigil(['export', clip.id, '--out', path.join(dir, 'p2'), '--to', 'age1notakey'], env);
    expect(refused.status).toBe(1);
  });

  it('resumes after kill -9 in the middle of an ingest, storing nothing twice', async () => {
    const bulk = path.join(dir, 'bulk');
    fs.mkdirSync(bulk);
    const expected = new Set<string>();
    // more files than one commit group holds, so that the kill lands between groups
    for (let i = 0; i < 200; i++) {
      const data = crypto.randomBytes(50_000 + 500 * i);
      expected.add(sha256(data));
      fs.writeFileSync(path.join(bulk, `f${String(i).padStart(3, '0')}.bin`), data);
    }
    const child = vigilAsync(['ingest', '--json', bulk], env);
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        // kill as soon as the first group is recorded, while the next one is being written
        if (out.includes('"status":"new"')) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve());
    });
    expect(child.signalCode).toBe('SIGKILL');
    const again = vigil(['ingest', '--json', bulk], env);
    expect(again.status).toBe(0);
    const summary = JSON.parse(again.stdout.toString()) as { summary: { new: number; resumed: number; duplicates: number } };
    expect(summary.summary.resumed).toBeGreaterThanOrEqual(1);
    expect(summary.summary.new).toBeGreaterThanOrEqual(1);
    expect(summary.summary.new + summary.summary.resumed).toBe(200);
    const db = new SQLite(path.join(home, 'vigil.db'), { readonly: true });
    const hashes = (db.prepare('select sha256 from items').all() as Array<{ sha256: string }>).map((r) => r.sha256);
    db.close();
    for (const h of expected) expect(hashes).toContain(h);
    expect(new Set(hashes).size).toBe(hashes.length);
    expect(fs.readdirSync(path.join(home, 'blobs', 'tmp')).filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(vigil(['verify'], env).status).toBe(0);
    expect(vigil(['custody', 'verify'], env).status).toBe(0);
  });

  it('rejects bad input with a clear message', () => {
    const missing = vigil(['vault', 'cat', 'itm_nothere'], env);
    expect(missing.status).toBe(1);
    expect(missing.stderr.toString()).toMatch(/no item "itm_nothere"/);
    const noHome = vigil(['vault', 'list'], cliEnv(path.join(dir, 'nowhere')));
    expect(noHome.stderr.toString()).toMatch(/no Vigil home .* run `vigil init`/);
    const badDb = vigil(['vault', 'list'], { ...env, VIGIL_DATABASE_URL: 'mysql://x' });
    expect(badDb.stderr.toString()).toMatch(/VIGIL_DATABASE_URL must start with postgres:\/\/ or sqlite:/);
  });
});

describe('vigil custody checkpoint with a time-stamping authority', () => {
  it('timestamps the signed checkpoint, and the package carries a token that openssl verifies', async () => {
    assertBuilt();
    const tsa = await startTestTsa();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-e2e-tsa-'));
    try {
      const env = cliEnv(path.join(dir, 'home'), { VIGIL_TSA_URL: `${tsa.base}/tsa` });
      expect(vigil(['init'], env).status).toBe(0);
      fs.writeFileSync(path.join(dir, 'report.txt'), 'Synthetic report about a fictional facility.\n');
      const ingest = vigil(['ingest', '--json', path.join(dir, 'report.txt')], env);
      const id = (JSON.parse(ingest.stdout.toString()) as { items: Array<{ id: string }> }).items[0]!.id;
      const cp = await vigilAwait(['custody', 'checkpoint'], env);
      expect(cp.stderr.toString()).toBe('');
      expect(cp.stdout.toString()).toContain(`(timestamped by ${tsa.base}/tsa)`);
      const out = path.join(dir, 'package');
      expect((await vigilAwait(['export', id, '--out', out], env)).status).toBe(0);
      // The command the package's README gives: the token carries the authority's certificate, only its CA is needed.
      const verified = spawnSync('openssl', [
        'ts',
        '-verify',
        '-data',
        path.join(out, 'checkpoint.txt'),
        '-token_in',
        '-in',
        path.join(out, 'checkpoint.tsr'),
        '-CAfile',
        tsa.caFile,
      ]);
      expect(verified.stdout.toString() + verified.stderr.toString()).toMatch(/Verification: OK/);
      expect(fs.readFileSync(path.join(out, 'README.txt'), 'utf8')).toContain(
        'openssl ts -verify -data checkpoint.txt -token_in -in checkpoint.tsr -CAfile tsa-ca.pem',
      );

      // custody verify checks every stored token again, and names the checkpoint whose token no longer verifies.
      const intact = await vigilAwait(['custody', 'verify'], { ...env, VIGIL_TSA_CA_FILE: tsa.caFile });
      expect(intact.stdout.toString()).toMatch(/the log is intact/);
      expect(intact.status).toBe(0);
      const db = new SQLite(path.join(dir, 'home', 'vigil.db'));
      const row = db.prepare('SELECT id, timestamp_token FROM custody_checkpoints WHERE timestamp_token IS NOT NULL ORDER BY tree_size LIMIT 1').get() as {
        id: string;
        timestamp_token: string;
      };
      const token = Buffer.from(row.timestamp_token, 'base64');
      token[token.length - 1]! ^= 0x01;
      db.prepare('UPDATE custody_checkpoints SET timestamp_token = ? WHERE id = ?').run(token.toString('base64'), row.id);
      db.close();
      const tampered = await vigilAwait(['custody', 'verify'], env);
      expect(tampered.stdout.toString()).toContain(
        `FAIL checkpoint ${row.id}: its RFC 3161 timestamp from ${tsa.base}/tsa does not verify: the timestamp token's signature does not verify`,
      );
      expect(tampered.status).toBe(1);
      // An unreachable authority does not stop custody: the checkpoint is signed and kept, the failure reported.
      const broken = await vigilAwait(['custody', 'checkpoint', '--json'], { ...env, VIGIL_TSA_URL: `${tsa.base}/nothing-here` });
      expect(broken.status).toBe(2);
      expect(broken.stderr.toString()).toMatch(/not timestamped: .*404/);
      expect((JSON.parse(broken.stdout.toString()) as { timestamped: boolean }).timestamped).toBe(false);
    } finally {
      await tsa.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('vigil ingest on a disk that fills up', () => {
  const mountPoint = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-full-'));
  const canMount = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]).status === 0;
  afterAll(() => {
    if (canMount) spawnSync('umount', [mountPoint]);
    fs.rmSync(mountPoint, { recursive: true, force: true });
  });

  it.skipIf(!canMount)('stops with a clear message, records nothing half-done, and resumes once there is room', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-full-src-'));
    try {
      // The vault's blobs are on a 3 MiB file system; its database is elsewhere.
      const env = cliEnv(path.join(mountPoint, 'home'), { VIGIL_DATABASE_URL: `sqlite:${path.join(dir, 'vigil.db')}` });
      expect(vigil(['init'], env).status).toBe(0);
      for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(dir, `clip-${i}.bin`), crypto.randomBytes(1_200_000));
      const full = vigil(
        ['ingest', '--json', path.join(dir, 'clip-0.bin'), path.join(dir, 'clip-1.bin'), path.join(dir, 'clip-2.bin'), path.join(dir, 'clip-3.bin')],
        env,
      );
      expect(full.status).toBe(1);
      expect(full.stderr.toString()).toMatch(/disk holding the vault is full/);
      const db = new SQLite(path.join(dir, 'vigil.db'), { readonly: true });
      const recorded = (db.prepare('select blob_name from items').all() as Array<{ blob_name: string }>).map((r) => r.blob_name);
      db.close();
      for (const name of recorded) expect(fs.existsSync(path.join(mountPoint, 'home', 'blobs', name.slice(0, 2), name.slice(2, 4), `${name}.age`))).toBe(true);
      expect(fs.readdirSync(path.join(mountPoint, 'home', 'blobs', 'tmp'))).toEqual([]);
      expect(spawnSync('mount', ['-o', 'remount,size=20m', mountPoint]).status).toBe(0);
      const resumed = vigil(
        ['ingest', '--json', path.join(dir, 'clip-0.bin'), path.join(dir, 'clip-1.bin'), path.join(dir, 'clip-2.bin'), path.join(dir, 'clip-3.bin')],
        env,
      );
      expect(resumed.status).toBe(0);
      const summary = (JSON.parse(resumed.stdout.toString()) as { summary: { new: number; resumed: number } }).summary;
      expect(summary.new + summary.resumed).toBe(4);
      expect(vigil(['verify'], env).status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('vigil ingest interrupted with Ctrl-C', () => {
  it('stops cleanly after the files in progress, says so, and the next run finishes the job', async () => {
    assertBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-sigint-'));
    try {
      const env = cliEnv(path.join(dir, 'home'));
      expect(vigil(['init'], env).status).toBe(0);
      const bulk = path.join(dir, 'bulk');
      fs.mkdirSync(bulk);
      for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(bulk, `f${i}.bin`), crypto.randomBytes(60_000 + i));
      const child = vigilAsync(['ingest', '--json', bulk], env);
      let out = '';
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      const code = await new Promise<number | null>((resolve) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('"status":"new"') && !child.killed) child.kill('SIGINT');
        });
        child.on('exit', (c) => resolve(c));
      });
      expect(err).toMatch(/stopping after the files in progress/);
      const first = JSON.parse(out) as { summary: { status: string; new: number } };
      if (first.summary.status === 'interrupted') expect(code).toBe(130);
      else expect(first.summary.new).toBe(200); // it had finished before the signal arrived
      const again = vigil(['ingest', '--json', bulk], env);
      const second = (JSON.parse(again.stdout.toString()) as { summary: { new: number; resumed: number; duplicates: number } }).summary;
      if (first.summary.status === 'interrupted') {
        expect(second.resumed).toBe(first.summary.new);
        expect(second.new + second.resumed).toBe(200);
      } else {
        expect(second.duplicates).toBe(200); // a finished ingest is read again, and nothing is stored twice
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('vigil on PostgreSQL', () => {
  it('keeps its records in the database VIGIL_DATABASE_URL names', async () => {
    assertBuilt();
    if (!(await postgresAvailable())) return;
    const database = await createTestDatabase('postgres');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-pg-'));
    try {
      const env = cliEnv(path.join(dir, 'home'), { VIGIL_DATABASE_URL: (database.target as { url: string }).url });
      expect(vigil(['init'], env).status).toBe(0);
      expect(fs.existsSync(path.join(dir, 'home', 'vigil.db'))).toBe(false);
      fs.writeFileSync(path.join(dir, 'a.txt'), 'fictional statement\n');
      const ingest = vigil(['ingest', '--json', path.join(dir, 'a.txt')], env);
      expect(ingest.status).toBe(0);
      expect(vigil(['verify'], env).status).toBe(0);
      expect(vigil(['custody', 'verify'], env).stdout.toString()).toMatch(/the log is intact/);
      expect(vigil(['vault', 'list'], env).stdout.toString()).toMatch(/text\/plain/);
    } finally {
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
