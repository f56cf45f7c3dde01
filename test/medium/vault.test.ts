import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, TEST_PASSPHRASE, writeCorpus, type TestHome } from '../helpers/vigil-home.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../../src/vault/sources/walk-sources.js';
import type { IngestedItem } from '../../src/vault/ingest/ingest-service.js';
import type { UnlockedKeys } from '../../src/keys/keyring.js';
import type { ItemVerdict } from '../../src/vault/verify-service.js';
import { BlobStoreFullError, type BlobStore } from '../../src/blobs/blob-store.js';

const pgUp = await postgresAvailable();
const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`vault on ${kind}`, () => {
    let home: TestHome;
    let keys: UnlockedKeys;
    let corpus: Record<string, string>;
    let corpusDir: string;
    const ingested: IngestedItem[] = [];

    beforeAll(async () => {
      home = await createTestHome(kind);
      keys = await home.vigil.keyring.unlock(TEST_PASSPHRASE);
      corpusDir = path.join(home.dir, 'leak');
      corpus = writeCorpus(corpusDir, {
        'cam1/0001.bin': 300_000,
        'cam1/0002.bin': 65_536,
        'cam2/empty.txt': '',
        'cam2/note.txt': 'Заключённый доставлен в больницу. Prisoner taken to the hospital.\n',
        'big.bin': 3 * 1024 * 1024 + 17,
      });
      fs.copyFileSync(corpus['cam1/0001.bin']!, path.join(corpusDir, 'cam2/copy-of-0001.bin'));
      execFileSync('tar', ['-czf', path.join(corpusDir, 'bundle.tar.gz'), '-C', corpusDir, 'cam2']);
    });
    afterAll(async () => home?.cleanup());

    const ingest = (paths: string[]) =>
      home.vigil.ingest.ingest(paths, { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS, onItem: (item) => ingested.push(item) });

    it('stores each distinct file once, with every place it was found', async () => {
      const summary = await ingest([corpusDir]);
      expect(summary.status).toBe('finished');
      expect(summary.problems).toBe(0);
      // 7 files on disk (incl. the copy and the archive) + 3 archive entries; 6 distinct contents + the archive
      const distinct = new Set(ingested.map((i) => i.sha256));
      expect(summary.itemsNew).toBe(distinct.size);
      expect(summary.itemsNew + summary.itemsDuplicate).toBe(ingested.length);
      const original = fs.readFileSync(corpus['cam1/0001.bin']!);
      const item = ingested.find((i) => i.sha256 === sha256(original))!;
      const { sources } = await home.vigil.vault.describe(item.id);
      expect(sources.map((s) => s.location).sort()).toEqual(
        [
          path.join(corpusDir, 'cam1/0001.bin'),
          path.join(corpusDir, 'cam2/copy-of-0001.bin'),
          `${path.join(corpusDir, 'bundle.tar.gz')}!/cam2/copy-of-0001.bin`,
        ].sort(),
      );
      const fromArchive = sources.find((s) => s.entry_path !== null)!;
      expect(fromArchive.archive_format).toBe('tar.gz');
      expect(fromArchive.mtime).toMatch(/^\d{4}-\d\d-\d\dT/);
      const note = ingested.find((i) => i.paths[0]!.endsWith('cam2/note.txt'))!;
      expect(note.mediaType).toBe('text/plain');
      expect(ingested.find((i) => i.paths[0]!.endsWith('bundle.tar.gz'))!.mediaType).toBe('application/gzip');
    });

    it('names blobs by a keyed hash, never by the plain SHA-256', async () => {
      for (const item of ingested.filter((i) => i.status === 'new')) {
        const blob = await home.vigil.vault.locate(item.id);
        expect(fs.existsSync(blob)).toBe(true);
        expect(blob).not.toContain(item.sha256);
        expect(fs.readFileSync(blob).subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');
      }
    });

    it('reads back exactly what was ingested, and logs the decryption', async () => {
      const original = fs.readFileSync(corpus['big.bin']!);
      const item = ingested.find((i) => i.sha256 === sha256(original))!;
      const chunks: Buffer[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _e, done) {
          chunks.push(chunk);
          done();
        },
      });
      const before = await home.vigil.custody.size();
      await home.vigil.vault.cat(item.id, keys.identity, sink);
      expect(Buffer.concat(chunks).equals(original)).toBe(true);
      const leaf = await home.vigil.database.db.selectFrom('custody_leaves').selectAll().where('idx', '=', before).executeTakeFirstOrThrow();
      expect(leaf.event).toBe('decrypted');
      expect(leaf.item_id).toBe(item.id);
    });

    it("reads a finished ingest's files again on a second run, and stores nothing twice", async () => {
      const blobsBefore = countFiles(home.vigil.layout.blobsDir);
      const summary = await ingest([corpusDir]);
      expect(summary.itemsNew).toBe(0);
      expect(summary.itemsResumed).toBe(0);
      expect(summary.itemsDuplicate).toBeGreaterThanOrEqual(10);
      expect(countFiles(home.vigil.layout.blobsDir)).toBe(blobsBefore);
    });

    it('sees changed content at a path already ingested, even with the same size and mtime', async () => {
      const file = corpus['cam1/0002.bin']!;
      const { mtime } = fs.statSync(file);
      const doctored = crypto.randomBytes(65_536);
      fs.writeFileSync(file, doctored);
      fs.utimesSync(file, mtime, mtime);
      const seen: IngestedItem[] = [];
      const summary = await home.vigil.ingest.ingest([file], { expandArchives: true, limits: DEFAULT_ARCHIVE_LIMITS, onItem: (i) => seen.push(i) });
      expect(summary.itemsNew).toBe(1);
      expect(seen[0]!.sha256).toBe(sha256(doctored));
    });

    it('verifies every item and its custody, then finds an altered blob', async () => {
      const verdicts: ItemVerdict[] = [];
      const ok = await home.vigil.verify.verify([], {
        identity: keys.identity,
        custodySignerKey: keys.custodySignerKey,
        tsaUrl: null,
        onVerdict: (v) => verdicts.push(v),
      });
      expect(ok.failed).toBe(0);
      expect(ok.checked).toBe((await home.vigil.vault.totals()).items);

      const victim = ingested.find((i) => i.size === 300_000)!;
      const blob = await home.vigil.vault.locate(victim.id);
      const bytes = fs.readFileSync(blob);
      const altered = Buffer.from(bytes);
      altered[altered.length - 100]! ^= 0x01;
      fs.writeFileSync(blob, altered);
      const failures: ItemVerdict[] = [];
      const bad = await home.vigil.verify.verify([], {
        identity: keys.identity,
        custodySignerKey: keys.custodySignerKey,
        tsaUrl: null,
        onVerdict: (v) => !v.intact && failures.push(v),
      });
      fs.writeFileSync(blob, bytes);
      expect(bad.failed).toBe(1);
      expect(failures[0]!.id).toBe(victim.id);
      expect(failures[0]!.problems.join(' ')).toMatch(/cannot be decrypted/);
    });

    it('finds a blob replaced by a valid age file of other content (anyone with the public recipient can make one)', async () => {
      const victim = ingested.find((i) => i.status === 'new' && i.size === 300_000)!;
      const blob = await home.vigil.vault.locate(victim.id);
      const original = fs.readFileSync(blob);
      const fake = path.join(home.dir, 'fake.bin');
      fs.writeFileSync(fake, crypto.randomBytes(300_000));
      execFileSync('age', ['-r', home.vigil.keyring.recipients[0]!, '-o', `${blob}.forged`, fake]);
      fs.renameSync(`${blob}.forged`, blob);
      const failures: ItemVerdict[] = [];
      const report = await home.vigil.verify.verify([victim.id], {
        identity: keys.identity,
        custodySignerKey: keys.custodySignerKey,
        tsaUrl: null,
        onVerdict: (v) => failures.push(v),
      });
      fs.writeFileSync(blob, original);
      expect(report.failed).toBe(1);
      expect(failures[0]!.problems).toEqual([expect.stringMatching(/^SHA-256 differs: recorded [0-9a-f]{64}, blob holds [0-9a-f]{64}$/)]);
    });

    it('finds an item whose recorded hash no longer matches its custody leaf', async () => {
      const victim = ingested.find((i) => i.status === 'new' && i.size === 65_536)!;
      const db = home.vigil.database.db;
      await db.updateTable('items').set({ size: 65_535 }).where('id', '=', victim.id).execute();
      const report = await home.vigil.verify.verify([victim.id], {
        identity: keys.identity,
        custodySignerKey: keys.custodySignerKey,
        tsaUrl: null,
        onVerdict: (v) => expect(v.problems.join(' ')).toMatch(/size differs.*|custody leaf/),
      });
      await db.updateTable('items').set({ size: 65_536 }).where('id', '=', victim.id).execute();
      expect(report.failed).toBe(1);
    });

    it('stops on a full disk with nothing half-recorded, and resumes afterwards', async () => {
      const more = writeCorpus(path.join(home.dir, 'more'), { 'a.bin': 200_000, 'b.bin': 200_000, 'c.bin': 200_000 });
      const store = home.vigil.ingest['blobs'] as BlobStore;
      const realCreate = store.create.bind(store);
      let created = 0;
      store.create = async () => {
        const writer = await realCreate();
        if (++created < 2) return writer;
        const realWrite = writer.write.bind(writer);
        let writes = 0;
        writer.write = async (chunk: Buffer) => {
          if (++writes > 1) throw new BlobStoreFullError('the disk holding the vault is full');
          return realWrite(chunk);
        };
        return writer;
      };
      const itemsBefore = (await home.vigil.vault.totals()).items;
      await expect(ingest([path.join(home.dir, 'more')])).rejects.toThrow(/disk .* is full/);
      store.create = realCreate;
      const afterFailure = (await home.vigil.vault.totals()).items;
      expect(afterFailure - itemsBefore).toBeLessThanOrEqual(1);
      expect(fs.readdirSync(path.join(home.vigil.layout.blobsDir, 'tmp'))).toEqual([]);
      const batch = await home.vigil.database.db.selectFrom('ingest_batches').selectAll().orderBy('started_at', 'desc').executeTakeFirstOrThrow();
      expect(batch.status).toBe('failed');
      const resumed = await ingest([path.join(home.dir, 'more')]);
      expect(resumed.itemsNew + resumed.itemsResumed).toBe(3);
      expect((await home.vigil.vault.totals()).items).toBe(itemsBefore + 3);
      expect(Object.keys(more)).toHaveLength(3);
    });

    it('reports unreadable and refused sources and goes on', async () => {
      const dir = path.join(home.dir, 'mixed');
      writeCorpus(dir, { 'good.txt': 'fine\n' });
      fs.writeFileSync(path.join(dir, 'broken.zip'), Buffer.concat([Buffer.from('PK\x03\x04'), crypto.randomBytes(200)]));
      fs.symlinkSync('/etc/passwd', path.join(dir, 'link'));
      const problems: string[] = [];
      const summary = await home.vigil.ingest.ingest([dir, path.join(home.dir, 'does-not-exist')], {
        expandArchives: true,
        limits: DEFAULT_ARCHIVE_LIMITS,
        onProblem: (p) => problems.push(`${p.kind}: ${p.location}: ${p.reason}`),
      });
      expect(summary.status).toBe('finished');
      expect(summary.itemsNew).toBe(2); // good.txt and broken.zip itself, kept as received
      expect(problems.join('\n')).toMatch(/broken-archive: .*broken\.zip/);
      expect(problems.join('\n')).toMatch(/skipped: .*link: symbolic link/);
      expect(problems.join('\n')).toMatch(/unreadable: .*does-not-exist: no such file/);
      const stored = await home.vigil.database.db.selectFrom('ingest_problems').selectAll().where('batch_id', '=', summary.batchId).execute();
      expect(stored).toHaveLength(problems.length);
    });

    it('exports a package that standard tools verify', async () => {
      const items = ingested.filter((i) => i.status === 'new').slice(0, 3);
      const out = path.join(home.dir, 'package');
      const result = await home.vigil.export.export(
        items.map((i) => i.id),
        { outDir: out, to: null, identity: keys.identity, custodySignerKey: keys.custodySignerKey, tsaUrl: null, organisation: 'Test Organisation' },
      );
      expect(result.items).toBe(3);
      expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out }).toString()).toMatch(/: OK/);
      const proofs = items.map((i) => `proofs/${i.id}.json`);
      expect(
        execFileSync('python3', ['verify_proof.py', ...proofs], { cwd: out })
          .toString()
          .match(/: valid/g),
      ).toHaveLength(3);
      expect(
        execFileSync(
          'openssl',
          ['pkeyutl', '-verify', '-pubin', '-inkey', 'custody-key.pem', '-rawin', '-in', 'checkpoint-body.txt', '-sigfile', 'checkpoint.sig'],
          { cwd: out },
        ).toString(),
      ).toMatch(/Signature Verified Successfully/);
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { items: Array<{ id: string; sha256: string; file: string }> };
      for (const entry of manifest.items) {
        expect(sha256(fs.readFileSync(path.join(out, entry.file)))).toBe(entry.sha256);
        const leaf = fs.readFileSync(path.join(out, 'proofs', `${entry.id}.leaf`));
        const proof = JSON.parse(fs.readFileSync(path.join(out, 'proofs', `${entry.id}.json`), 'utf8')) as { leafHash: string };
        expect(
          crypto
            .createHash('sha256')
            .update(Buffer.from([0]))
            .update(leaf)
            .digest('base64'),
        ).toBe(proof.leafHash);
        expect(leaf.toString()).toContain(entry.sha256);
      }
      const exported = await home.vigil.database.db.selectFrom('custody_leaves').select('item_id').where('event', '=', 'exported').execute();
      expect(exported.map((e) => e.item_id).sort()).toEqual(items.map((i) => i.id).sort());
      await expect(
        home.vigil.export.export([items[0]!.id], {
          outDir: out,
          to: null,
          identity: keys.identity,
          custodySignerKey: keys.custodySignerKey,
          tsaUrl: null,
          organisation: 'x',
        }),
      ).rejects.toThrow(/not empty/);
    });
  });
}

function countFiles(dir: string): number {
  let n = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile() && entry.name.endsWith('.age')) n++;
  return n;
}
