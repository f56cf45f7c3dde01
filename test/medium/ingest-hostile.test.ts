import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from '../../src/blobs/blob-store.js';
import type { IngestedItem } from '../../src/vault/ingest/ingest-service.js';
import { DEFAULT_ARCHIVE_LIMITS, type SourceProblem } from '../../src/vault/sources/walk-sources.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, type TestHome } from '../helpers/vigil-home.js';
import { python } from '../unit/sources/fixtures.js';
import { writeCutTarGz, writeZerosZip, writeZipWithDamagedEntry } from '../unit/sources/hostile-archives.js';

const pgUp = await postgresAvailable();
const MiB = 1024 * 1024;
const sha256 = (data: Buffer | string) => crypto.createHash('sha256').update(data).digest('hex');

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`ingest from a hostile disk on ${kind}`, () => {
    let home: TestHome;
    let realCreate: BlobStore['create'];

    beforeAll(async () => {
      home = await createTestHome(kind);
      realCreate = store().create.bind(store());
    });
    afterEach(() => {
      store().create = realCreate;
    });
    afterAll(async () => home?.cleanup());

    const store = () => home.vigil.ingest['blobs'] as BlobStore;

    async function ingest(paths: string[]) {
      const items: IngestedItem[] = [];
      const problems: SourceProblem[] = [];
      const summary = await home.vigil.ingest.ingest(paths, {
        expandArchives: true,
        limits: DEFAULT_ARCHIVE_LIMITS,
        onItem: (item) => items.push(item),
        onProblem: (problem) => problems.push(problem),
      });
      const batch = await home.vigil.database.db.selectFrom('ingest_batches').selectAll().where('id', '=', summary.batchId).executeTakeFirstOrThrow();
      const stored = await home.vigil.database.db.selectFrom('ingest_problems').selectAll().where('batch_id', '=', summary.batchId).execute();
      return { summary, items, problems, batch, stored };
    }

    /** Calls `change` once the first megabyte of `file` has been read and encrypted, while the rest is still to come. */
    function changeDuringRead(file: string, change: () => void): void {
      const size = fs.statSync(file).size;
      store().create = async () => {
        const writer = await realCreate();
        const write = writer.write.bind(writer);
        let written = 0;
        let changed = false;
        writer.write = async (data: Buffer | readonly Buffer[]) => {
          written += Buffer.isBuffer(data) ? data.length : data.reduce((sum, part) => sum + part.length, 0);
          if (!changed && written > MiB && written < size) {
            changed = true;
            change();
          }
          return write(data);
        };
        return writer;
      };
    }

    it('reports damaged and cut archives, keeps them and their readable entries as items, and goes on', async () => {
      const leak = path.join(home.dir, 'damaged-leak');
      fs.mkdirSync(leak);
      writeZipWithDamagedEntry(path.join(leak, 'a-damaged.zip'));
      writeCutTarGz(path.join(leak, 'b-cut.tar.gz'));
      fs.writeFileSync(path.join(leak, 'c-statement.txt'), 'a statement');

      for (const run of [1, 2]) {
        const { summary, items, problems, batch, stored } = await ingest([leak]);

        expect(summary.status).toBe('finished');
        expect(batch).toMatchObject({ status: 'finished', problems: 3 });
        expect(stored).toHaveLength(3);
        const byLocation = new Map(problems.map((p) => [path.relative(leak, p.location), p]));
        expect([...byLocation.keys()].sort()).toEqual(['a-damaged.zip!/damaged.bin', 'b-cut.tar.gz', 'b-cut.tar.gz!/random.bin']);
        expect(problems.every((p) => p.kind === 'broken-archive')).toBe(true);
        expect(byLocation.get('a-damaged.zip!/damaged.bin')!.reason).toBe('broken zip entry: invalid block type; not stored (the archive is kept as received)');
        expect(byLocation.get('b-cut.tar.gz!/random.bin')!.reason).toBe(
          'broken tar.gz entry: unexpected end of file; not stored (the archive is kept as received)',
        );
        expect(byLocation.get('b-cut.tar.gz')!.reason).toMatch(/^broken tar\.gz archive: unexpected end of file \(1 entry before the damage was taken in/);
        const taken = items.map((i) => path.relative(leak, i.paths[0]!)).sort();
        expect(taken).toEqual(['a-damaged.zip', 'a-damaged.zip!/intact.txt', 'b-cut.tar.gz', 'b-cut.tar.gz!/first.txt', 'c-statement.txt']);
        expect(items.find((i) => i.paths[0]!.endsWith('intact.txt'))!.sha256).toBe(sha256('intact'));
        if (run === 2) expect(summary.itemsNew).toBe(0);
      }
    });

    it('resumes past a tar.gz that was cut since an interrupted run, and reports it', async () => {
      const leak = path.join(home.dir, 'resume-cut');
      fs.mkdirSync(leak);
      const archive = path.join(leak, 'bundle.tar.gz');
      python(
        `import io, os, sys, tarfile\nwith tarfile.open(sys.argv[1], 'w:gz') as t:\n  for name, data in [('big.bin', os.urandom(400000)), ('after.txt', b'after')]:\n    info = tarfile.TarInfo(name); info.size = len(data)\n    t.addfile(info, io.BytesIO(data))`,
        archive,
      );
      const whole = fs.readFileSync(archive);
      const first = await ingest([leak]);
      expect(first.problems).toEqual([]);
      // As if that run had been killed: its sources may be skipped by the next.
      await home.vigil.database.db.updateTable('ingest_batches').set({ status: 'interrupted' }).where('id', '=', first.summary.batchId).execute();
      // Cut inside big.bin, which the interrupted run stored whole: its header still reads, its bytes do not.
      fs.writeFileSync(archive, whole.subarray(0, whole.length / 2));

      const second = await ingest([leak]);

      expect(second.summary.status).toBe('finished');
      expect(second.batch.status).toBe('finished');
      expect(second.items.find((i) => i.paths[0] === `${archive}!/big.bin`)).toMatchObject({ status: 'resumed' });
      expect(second.problems).toContainEqual(expect.objectContaining({ location: archive, kind: 'broken-archive' }));
    });

    it('refuses zip bombs of many parts and keeps the archives themselves', async () => {
      const leak = path.join(home.dir, 'bombs');
      fs.mkdirSync(leak);
      writeZerosZip(path.join(leak, 'overlap.zip'), { entries: 256, size: 16 * MiB, overlap: true });
      writeZerosZip(path.join(leak, 'parts.zip'), { entries: 64, size: 16 * MiB, overlap: false });

      const { summary, items, problems } = await ingest([leak]);

      expect(summary.status).toBe('finished');
      expect(items.map((i) => path.basename(i.paths[0]!)).sort()).toEqual(['overlap.zip', 'parts.zip']);
      expect(problems.map((p) => [path.basename(p.location), p.kind])).toEqual([
        ['overlap.zip', 'refused'],
        ['parts.zip', 'refused'],
      ]);
      expect(summary.bytes).toBeLessThan(2 * MiB);
    });

    it('does not store a file truncated while it is read, names it, and takes it in once it is stable', async () => {
      const leak = path.join(home.dir, 'truncated');
      fs.mkdirSync(leak);
      const file = path.join(leak, 'recording.bin');
      const original = crypto.randomBytes(8 * MiB);
      fs.writeFileSync(file, original);
      fs.writeFileSync(path.join(leak, 'other.txt'), 'other');
      const itemsBefore = (await home.vigil.vault.totals()).items;
      changeDuringRead(file, () => fs.truncateSync(file, 3 * MiB));

      const first = await ingest([leak]);

      expect(first.summary.status).toBe('finished');
      expect(first.problems).toEqual([
        {
          location: file,
          kind: 'changed',
          reason: 'changed while it was read: 8 MiB when found, 3 MiB after reading (3 MiB read); not stored, ingest it again once it no longer changes',
        },
      ]);
      expect(first.stored).toMatchObject([{ location: file, kind: 'changed' }]);
      expect(first.items.map((i) => path.basename(i.paths[0]!))).toEqual(['other.txt']);
      expect((await home.vigil.vault.totals()).items).toBe(itemsBefore + 1);
      expect(fs.readdirSync(path.join(home.vigil.layout.blobsDir, 'tmp'))).toEqual([]);

      store().create = realCreate;
      const second = await ingest([leak]);
      expect(second.problems).toEqual([]);
      const recording = second.items.find((i) => i.paths[0] === file)!;
      expect(recording).toMatchObject({ status: 'new', size: 3 * MiB, sha256: sha256(original.subarray(0, 3 * MiB)) });
    });

    it('does not store a file that grows while it is read', async () => {
      const leak = path.join(home.dir, 'growing');
      fs.mkdirSync(leak);
      const file = path.join(leak, 'log.bin');
      fs.writeFileSync(file, crypto.randomBytes(4 * MiB));
      changeDuringRead(file, () => fs.appendFileSync(file, crypto.randomBytes(MiB)));

      const { items, problems } = await ingest([leak]);

      expect(items).toEqual([]);
      expect(problems).toEqual([
        { location: file, kind: 'changed', reason: expect.stringMatching(/^changed while it was read: 4 MiB when found, 5 MiB after reading/) },
      ]);
    });
  });
}
