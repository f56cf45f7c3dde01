import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { assertBuilt, cliEnv, vigil, vigilAsync } from './run-cli.js';

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
    for (const f of ['vigil.json', 'vigil.db', 'keys/identity.age', 'keys/recipients.txt', 'keys/custody-signer.age', 'keys/custody-verifier.txt']) {
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
    expect(clipItems.map((i) => i.paths[0])).toEqual(expect.arrayContaining([path.join(leak, 'body-cam', 'clip-01.bin'), `${path.join(leak, 'archive.zip')}!/body-cam/clip-01.bin`]));
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

  it('exports a package re-encrypted to a lawyer\'s age key', () => {
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
