import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { IntakeInboxService } from '../../src/inbox/inbox-service.js';
import { openIntake, type Intake } from '../../src/intake/open-intake.js';
import { landingPage } from '../../src/server/intake/source-pages.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { sealUpload, wrapKeyOf } from '../helpers/intake-source.js';

describe.each(DATABASE_KINDS)("the source's path on %s", (kind) => {
  let dir: string;
  let database: TestDatabase;
  let intake: Intake;
  let identity: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-intake-path-'));
    database = await createTestDatabase(kind, dir);
    identity = await generateX25519Identity();
    intake = await openIntake({ ...loadIntakeConfig({}, dir), database: database.target }, [await identityToRecipient(identity)]);
  });
  afterEach(async () => {
    await intake.close();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the landing text admins set, trimmed and bounded; the page escapes it and names the real limits', async () => {
    expect(await intake.landing.get()).toEqual({ organisation: '', text: { ru: '', en: '' } });
    const saved = await intake.landing.replace({
      organisation: '  Fictional   <Monitors> & Co ',
      text: { ru: ' Мы — вымышленная группа.\r\n\r\nВторой абзац. ', en: 'We are a <b>fictional</b> group.' },
    });
    expect(saved).toEqual({
      organisation: 'Fictional <Monitors> & Co',
      text: { ru: 'Мы — вымышленная группа.\n\nВторой абзац.', en: 'We are a <b>fictional</b> group.' },
    });
    expect(await intake.landing.get()).toEqual(saved);
    await expect(intake.landing.replace({ organisation: 'x'.repeat(121), text: { ru: '', en: '' } })).rejects.toThrow(/at most 120/);
    await expect(intake.landing.replace({ organisation: '', text: { ru: 'я'.repeat(1001), en: '' } })).rejects.toThrow(/at most 1000/);

    const en = landingPage('en', { pending: '500 GB', form: '2.0 GB' }, saved);
    expect(en).toContain('<p class="organisation">Fictional &lt;Monitors&gt; &amp; Co</p>');
    expect(en).toContain('We are a &lt;b&gt;fictional&lt;/b&gt; group.');
    expect(en).not.toContain('<b>fictional');
    expect(en).not.toMatch(/any size/);
    expect(en).toContain('up to 500 GB of your files may be on their way to us at once');
    expect(en).toContain('at most 2.0 GB');
    const ru = landingPage('ru', { pending: '500 GB', form: '2.0 GB' }, saved);
    expect(ru).toContain('<p class="org-text">Мы — вымышленная группа.</p>\n<p class="org-text">Второй абзац.</p>');
    expect(ru).not.toMatch(/любого размера/);
  });

  it("keeps a browser upload's name only sealed, and gives it back to the source alone", async () => {
    const { codename, session } = await intake.sources.create('ru');
    expect(codename).toMatch(/^[а-я]+( [а-я]+){6}$/u);
    const submission = await intake.submissions.create(session, {});
    const sealed = await sealUpload(crypto.randomBytes(1000), 'x.bin', submission, intake.recipients, wrapKeyOf(codename, intake.sources.installationSalt));
    const sealedName = crypto.randomBytes(60).toString('base64');
    const info = await intake.uploads.create(session, sealed.ciphertext.length, { ...sealed.metadata, name: sealedName });
    const [listed] = await intake.uploads.resumable(session, submission);
    expect(listed).toMatchObject({ id: info.id, name: sealedName });
    await expect(intake.uploads.create(session, sealed.ciphertext.length, { ...sealed.metadata, name: 'not base64!' })).rejects.toThrow(/"name"/);
  });

  it('sends no empty submission: answers without a file stay out of the inbox until the first file arrives', async () => {
    const { codename, session } = await intake.sources.create('en');
    const submission = await intake.submissions.create(session, { 'q-facility': 'Fictional Colony No. 0' });
    const inbox = new IntakeInboxService(intake.repo, intake.store, intake.messages, 10, () => identity);
    expect(await inbox.list()).toEqual([]);
    expect((await intake.submissions.ofSource(session)).map((s) => s.files.length)).toEqual([0]);

    const sealed = await sealUpload(crypto.randomBytes(1000), 'x.bin', submission, intake.recipients, wrapKeyOf(codename, intake.sources.installationSalt));
    const info = await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
    await intake.uploads.append(session, info.id, 0, Readable.from([sealed.ciphertext]));
    expect((await inbox.list()).map((s) => s.id)).toEqual([submission]);
  });
});
