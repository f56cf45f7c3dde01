import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { openIntake, type Intake } from '../../src/intake/open-intake.js';
import { sealText } from '../../src/intake/sealed-text.js';
import { IntakeImportService } from '../../src/inbox/import-service.js';
import { IntakeInboxService } from '../../src/inbox/inbox-service.js';
import { openIntakeStaff } from '../../src/inbox/open-inbox.js';
import { intakeImportJob } from '../../src/inbox/import-job.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';
import { sealUpload, wrapKeyOf } from '../helpers/intake-source.js';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';
import { importQueue, workImports } from '../helpers/intake-jobs.js';

const pgUp = await postgresAvailable();

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`importing intake submissions on ${kind}`, () => {
    let home: TestHome;
    let intakeDb: TestDatabase;
    let intake: Intake;
    let identity: string;

    beforeEach(async () => {
      home = await createTestHome(kind);
      identity = (await home.vigil.keyring.unlock(TEST_PASSPHRASE)).identity;
      intakeDb = await createTestDatabase(kind, home.dir);
      intake = await openIntake({ ...loadIntakeConfig({}, path.join(home.dir, 'intake-home')), database: intakeDb.target }, home.vigil.keyring.recipients);
    });
    afterEach(async () => {
      await intake.close();
      await intakeDb.drop();
      await home.cleanup();
    });

    /** One browser upload whose manifest says what `describe` makes of the real one. */
    async function upload(
      session: Awaited<ReturnType<Intake['sources']['create']>>,
      codename: string,
      submission: string,
      name: string,
      describe: (real: Record<string, unknown>) => Record<string, unknown>,
    ) {
      const plaintext = crypto.randomBytes(50_000);
      const sealed = await sealUpload(plaintext, name, submission, intake.recipients, wrapKeyOf(codename, intake.sources.installationSalt));
      const real = { v: 1, name, size: plaintext.length, type: 'video/mp4', lastModified: 1_700_000_000_000, sha256: sealed.sha256 };
      const info = await intake.uploads.create(session.session, sealed.ciphertext.length, sealed.metadata);
      await intake.uploads.append(session.session, info.id, 0, Readable.from([sealed.ciphertext]));
      await intake.uploads.setManifest(session.session, info.id, await sealText(intake.recipients, JSON.stringify(describe(real))));
      return { id: info.id, sha256: sealed.sha256 };
    }

    it('imports the good files of a submission when one manifest is bad, and reports the bad one', async () => {
      const source = await intake.sources.create();
      const submission = await intake.submissions.create(source.session, {});
      const good = await upload(source, source.codename, submission, 'good.mp4', (m) => m);
      const farFuture = await upload(source, source.codename, submission, 'far-future.mp4', (m) => ({ ...m, lastModified: 1e300 }));
      const noHash = await upload(source, source.codename, submission, 'no-hash.mp4', (m) => ({ ...m, sha256: 'not a hash' }));
      const strangeType = await upload(source, source.codename, submission, 'strange-type.mp4', (m) => ({ ...m, type: { nested: true } }));

      const queue = await importQueue(home.database.target, home.vigil.database.db);
      const imports = new IntakeImportService(intake.repo, intake.store, home.vigil.ingest, home.vigil.custody, () => identity, queue);
      const worker = workImports(queue, imports);
      await imports.start(submission);
      const status = (await imports.settled(submission))!;
      await worker.stop();
      await queue.close();
      expect(status).toMatchObject({ state: 'finished', error: null });
      const imported = new Map(status.imported.map((i) => [i.fileId, i.itemId]));
      expect([...imported.keys()].sort()).toEqual([good.id, farFuture.id, strangeType.id].sort());
      for (const file of [good, farFuture, strangeType]) expect((await home.vigil.vault.describe(imported.get(file.id)!)).item.sha256).toBe(file.sha256);
      expect(status.problems).toEqual([{ fileId: noHash.id, reason: expect.stringMatching(/description.*sha256/) }]);
      expect(status.notes).toEqual(
        expect.arrayContaining([
          { fileId: farFuture.id, note: expect.stringMatching(/modification time 1e\+300 is not a date.*imported without it/) },
          { fileId: strangeType.id, note: expect.stringMatching(/type is not text.*imported without it/) },
        ]),
      );

      // The inbox says the same before any import: the bad description, file by file.
      const inbox = new IntakeInboxService(intake.repo, intake.store, intake.messages, 30, () => identity);
      const files = new Map((await inbox.detail(submission)).files.map((f) => [f.id, f]));
      expect(files.get(noHash.id)).toMatchObject({ state: 'damaged', problem: expect.stringMatching(/sha256/) });
      expect(files.get(farFuture.id)).toMatchObject({ state: 'imported', name: 'far-future.mp4', problem: expect.stringMatching(/modification time/) });
      expect(fs.existsSync(path.join(home.dir, 'intake-home', 'intake', 'uploads', `${noHash.id}.age`))).toBe(true); // kept: staff may look again
    });

    it('forgets an import with its submission: the job and its stored progress (files, items, reasons) go too', async () => {
      const source = await intake.sources.create();
      const submission = await intake.submissions.create(source.session, {});
      const good = await upload(source, source.codename, submission, 'good.mp4', (m) => m);
      const queue = await importQueue(home.database.target, home.vigil.database.db);
      const staff = openIntakeStaff(intake, home.vigil.ingest, home.vigil.custody, () => identity, queue, home.vigil.database.db);
      const worker = workImports(queue, staff.imports);
      try {
        await staff.imports.start(submission);
        const status = (await staff.imports.settled(submission))!;
        expect(status.state).toBe('finished');
        const itemId = status.imported[0]!.itemId!;
        const progressText = async () =>
          JSON.stringify(
            await (home.vigil.database.db as unknown as import('kysely').Kysely<{ job_progress: { detail: string | null } }>)
              .selectFrom('job_progress')
              .select('detail')
              .execute(),
          );
        expect(await progressText()).toContain(itemId); // the test can see what the job stored
        expect(await progressText()).toContain(good.id);

        await staff.deleteSubmission({ userId: 'usr_0000000000000000', role: 'admin', compartments: new Set() }, submission, false);
        expect(await staff.imports.status(submission)).toBeNull();
        expect(await queue.latest(intakeImportJob.name, submission)).toBeNull();
        expect(await progressText()).not.toContain(itemId);
        expect(await progressText()).not.toContain(good.id);
        expect((await home.vigil.vault.describe(itemId)).item.sha256).toBe(good.sha256); // the evidence stays in the vault
      } finally {
        await worker.stop();
        await queue.close();
      }
    });
  });
}
