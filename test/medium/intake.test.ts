import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { generateCodename } from '../../src/crypto/codename.js';
import { deriveCodenameKeys } from '../../src/crypto/codename-keys.js';
import { openIntake, type Intake } from '../../src/intake/open-intake.js';
import { IntakeInboxService } from '../../src/inbox/inbox-service.js';
import { openText } from '../../src/intake/sealed-text.js';
import { addDays, today } from '../../src/intake/intake-day.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../helpers/databases.js';
import { sealUpload, wrapKeyOf } from '../helpers/intake-source.js';

describe.each(DATABASE_KINDS)('intake services on %s', (kind) => {
  let dir: string;
  let database: TestDatabase;
  let intake: Intake;
  let identity: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-intake-medium-'));
    database = await createTestDatabase(kind, dir);
    identity = await generateX25519Identity();
    const config = {
      ...loadIntakeConfig({ VIGIL_INTAKE_PENDING_LIMIT: '1MB', VIGIL_INTAKE_FORM_LIMIT: '500KB', VIGIL_INTAKE_RETENTION_DAYS: '10' }, dir),
      database: database.target,
    };
    intake = await openIntake(config, [await identityToRecipient(identity)]);
  });
  afterEach(async () => {
    await intake.close();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function sourceWithUpload(bytes: number) {
    const { codename, session } = await intake.sources.create();
    const submission = await intake.submissions.create(session, { 'q-facility': 'Fictional Colony No. 0' });
    const sealed = await sealUpload(crypto.randomBytes(bytes), 'x.bin', submission, intake.recipients, wrapKeyOf(codename, intake.sources.installationSalt));
    return { codename, session, submission, sealed };
  }

  it('keeps no readable text: answers, manifests and messages are age files the organisation opens', async () => {
    const { session, submission, sealed } = await sourceWithUpload(100_000);
    const info = await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
    await intake.uploads.append(session, info.id, 0, Readable.from([sealed.ciphertext]));
    await intake.uploads.setManifest(session, info.id, sealed.manifest);
    await intake.messages.fromSource(session, 'a fictional message from the source');
    const inbox = new IntakeInboxService(intake.repo, intake.store, intake.messages, 10, () => identity);
    const reply = await intake.messages.reply((await intake.repo.submission(submission))!.source_id, 'olga', 'a reply only the source can read');

    const detail = await inbox.detail(submission);
    expect(detail.answers).toEqual([
      { questionId: 'facility', label: expect.objectContaining({ en: expect.any(String) }), answer: 'Fictional Colony No. 0', private: false },
    ]);
    expect(detail.files[0]).toMatchObject({ state: 'complete', name: 'x.bin', size: 100_000, sha256: sealed.sha256, receivedBytes: sealed.ciphertext.length });
    expect(detail.messages.map((m) => [m.from, m.body, m.author])).toEqual([
      ['source', 'a fictional message from the source', null],
      ['staff', 'a reply only the source can read', 'olga'],
    ]);
    expect((await intake.messages.forSource(session)).map((m) => m.body)).toEqual(['a fictional message from the source', reply.body]);
    const rows = await intake.repo.messagesOfSource(session.sourceId);
    await expect(openText(identity, rows[1]!.to_source_age!)).rejects.toThrow(); // the organisation cannot open what is for the source
    const submissionRow = await intake.repo.submission(submission);
    expect(submissionRow!.answers_age).not.toContain('Fictional');
  });

  it('signs a source in again by codename only, and the reply key follows the codename', async () => {
    const { codename, session } = await sourceWithUpload(10);
    const again = await intake.sources.signIn(` ${codename.toUpperCase()}-`);
    expect(again.session.sourceId).toBe(session.sourceId);
    expect(again.session.replyIdentity).toBe(session.replyIdentity);
    await expect(intake.sources.signIn(codename.split(' ').reverse().join(' '))).rejects.toThrow(/does not open anything/);
  });

  it('bounds the scrypt work of 32 parallel sign-ins with wrong codenames, and refuses the rest at once as busy', async () => {
    const attempts = await Promise.allSettled(Array.from({ length: 32 }, () => intake.sources.signIn(generateCodename())));
    const reasons = attempts.map((a) => (a.status === 'rejected' ? (a.reason as Error) : null));
    expect(reasons.every((r) => r !== null && (r.name === 'ServerBusyError' || /does not open anything/.test(r.message)))).toBe(true);
    expect(reasons.filter((r) => r?.name === 'ServerBusyError').length).toBeGreaterThanOrEqual(32 - 2 - 16);
  });

  it('refuses an upload past the pending limit with a message, and keeps what is stored', async () => {
    const { session, sealed } = await sourceWithUpload(600_000);
    const first = await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
    const second = intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
    await expect(second).rejects.toMatchObject({ status: 413, code: 'pending-limit' });
    await expect(second).rejects.toThrow(/past the 1\.0 MB that one codename may have waiting/);
    expect((await intake.uploads.info(session, first.id)).offset).toBe(0);
  });

  it('admits parallel tus creations only as far as the pending limit allows', async () => {
    const { session, sealed } = await sourceWithUpload(900_000);
    const attempts = await Promise.allSettled(Array.from({ length: 4 }, () => intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata)));
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const refused of attempts.filter((a) => a.status === 'rejected')) expect(refused.reason).toMatchObject({ status: 413, code: 'pending-limit' });
    expect(await intake.repo.pendingLength(session.sourceId)).toBe(sealed.ciphertext.length);
    expect(fs.readdirSync(path.join(dir, 'intake', 'uploads'))).toHaveLength(1); // nothing left of the refused ones
  });

  it('keeps the disk reserve for what admitted uploads may still write, and not again for what they have written', async () => {
    let free = 1024 ** 3 + 600_000; // 600 KB above the reserve (statfs, mocked)
    intake.store.freeBytes = async () => free;
    const first = await sourceWithUpload(400_000);
    const upload = await intake.uploads.create(first.session, first.sealed.ciphertext.length, first.sealed.metadata);
    await intake.uploads.append(first.session, upload.id, 0, Readable.from([first.sealed.ciphertext.subarray(0, 300_000)]));
    free -= 300_000; // now on the disk
    // About 100 KB of the first is still to come, and 300 KB are free above the reserve: 150 KB more fit, then
    // another 100 KB does not.
    const second = await sourceWithUpload(150_000);
    await intake.uploads.create(second.session, second.sealed.ciphertext.length, second.sealed.metadata);
    const third = await sourceWithUpload(100_000);
    await expect(intake.uploads.create(third.session, third.sealed.ciphertext.length, third.sealed.metadata)).rejects.toMatchObject({
      status: 413,
      code: 'disk-full',
    });
  });

  it('counts a form upload in progress for its declared size, so parallel uploads cannot pass the pending limit', async () => {
    const { session, submission } = await sourceWithUpload(10);
    const size = 390_000;
    const slowly = (bytes: Buffer) =>
      Readable.from(
        (async function* () {
          for (let at = 0; at < bytes.length; at += 32 * 1024) {
            await new Promise((resolve) => setImmediate(resolve));
            yield bytes.subarray(at, at + 32 * 1024);
          }
        })(),
      );
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        intake.submissions.receiveFormFile(
          session,
          submission,
          { stream: slowly(crypto.randomBytes(size)), filename: `f${i}.bin`, mimetype: 'application/octet-stream' },
          size + 1000,
        ),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(2);
    for (const refused of attempts.filter((a) => a.status === 'rejected')) expect(refused.reason).toMatchObject({ status: 413, code: 'pending-limit' });
    expect(await intake.repo.pendingLength(session.sourceId)).toBeLessThanOrEqual(1_000_000);
    expect(await intake.repo.filesOfSubmission(submission)).toHaveLength(2);
  });

  it('checks an upload whose last byte was stored when its request ended too soon, once the client comes back', async () => {
    const { session, submission, sealed } = await sourceWithUpload(70_000);
    const info = await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
    // The whole body on the disk, but the server killed before it could check the file and say so.
    await intake.store.append(info.id, 0, Readable.from([sealed.ciphertext]), { maxBytes: sealed.ciphertext.length });
    expect((await intake.repo.file(info.id))!.state).toBe('uploading');
    expect(await intake.uploads.info(session, info.id)).toMatchObject({ offset: sealed.ciphertext.length, expiresDay: null });
    const [resumable] = await intake.uploads.resumable(session, submission);
    // The browser rebuilds the file's source from the key and header to hash it and send the manifest.
    expect(resumable).toMatchObject({ state: 'awaiting-manifest', key: sealed.metadata.key, header: sealed.metadata.header });
    expect(await intake.uploads.setManifest(session, info.id, sealed.manifest)).toBe('complete');
  });

  it('keeps nothing of a checksummed PATCH cut off before its digest could be checked', async () => {
    const { session, sealed } = await sourceWithUpload(70_000);
    const info = await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
    await intake.uploads.append(session, info.id, 0, Readable.from([sealed.ciphertext.subarray(0, 1000)]));
    const cutOff = Readable.from(
      (async function* () {
        yield sealed.ciphertext.subarray(1000, 30_000);
        throw new Error('aborted');
      })(),
    );
    const digest = crypto.createHash('sha256').update(sealed.ciphertext.subarray(1000, 40_000)).digest();
    await expect(intake.uploads.append(session, info.id, 1000, cutOff, { algorithm: 'sha256', digest })).rejects.toThrow('aborted');
    expect((await intake.uploads.info(session, info.id)).offset).toBe(1000);
  });

  it.runIf(kind === 'sqlite')('leaves nothing of a deleted submission in the database file or its write-ahead log', async () => {
    const { session, submission, sealed } = await sourceWithUpload(70_000);
    const info = await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
    await intake.uploads.append(session, info.id, 0, Readable.from([sealed.ciphertext]));
    await intake.uploads.setManifest(session, info.id, sealed.manifest);
    const answers = (await intake.repo.submission(submission))!.answers_age!;
    const traces = [submission, info.id, answers.slice(100, 160), sealed.manifest.slice(100, 160), sealed.metadata.key.slice(0, 40)];
    const file = (database.target as { file: string }).file;
    const found = () => {
      const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
      return traces.filter((trace) => bytes.includes(trace));
    };
    expect(found()).toEqual(traces); // the test can see them while they are stored
    await intake.retention.deleteSubmission(submission);
    expect(found()).toEqual([]);
  });

  it.runIf(kind === 'sqlite')(
    'leaves nothing of a forgotten source (login hash, reply key, messages) in the database file or its write-ahead log',
    async () => {
      const { codename, session } = await intake.sources.create();
      await intake.messages.reply(session.sourceId, 'olga', 'a fictional reply');
      const [message] = await intake.repo.messagesOfSource(session.sourceId);
      const { loginHash } = await deriveCodenameKeys(codename, intake.sources.installationSalt);
      const traces = [session.sourceId, loginHash, (await intake.repo.sourceRecipient(session.sourceId))!, message!.to_source_age!.slice(100, 160)];
      const file = (database.target as { file: string }).file;
      const found = () => {
        const bytes = Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
        return traces.filter((trace) => bytes.includes(trace));
      };
      expect(found()).toEqual(traces);
      await intake.retention.sweep(addDays(today(), 11));
      expect(found()).toEqual([]);
    },
  );

  it('forgets a source with its messages once nothing of it is younger than the retention period: its codename then opens nothing', async () => {
    const lone = await intake.sources.create(); // took a codename and sent nothing
    const talking = await intake.sources.create();
    await intake.messages.fromSource(talking.session, 'a fictional message from the source');
    await intake.messages.reply(talking.session.sourceId, 'olga', 'a fictional reply');
    expect((await intake.sources.signIn(lone.codename)).session.sourceId).toBe(lone.session.sourceId);
    expect(await intake.retention.sweep(addDays(today(), 10))).toMatchObject({ sources: 0 });
    expect(await intake.repo.messagesOfSource(talking.session.sourceId)).toHaveLength(2);
    expect(await intake.retention.sweep(addDays(today(), 11))).toMatchObject({ sources: 2 });
    expect(await intake.repo.messagesOfSource(talking.session.sourceId)).toEqual([]);
    for (const source of [lone, talking]) {
      expect(await intake.repo.sourceRecipient(source.session.sourceId)).toBeUndefined();
      await expect(intake.sources.signIn(source.codename)).rejects.toThrow(/does not open anything/);
    }
  });

  it('keeps a source whose last submission staff delete while it is young, and forgets it when staff delete once it is not', async () => {
    const young = await sourceWithUpload(10);
    await intake.retention.deleteSubmission(young.submission);
    expect(await intake.repo.sourceRecipient(young.session.sourceId)).toBeDefined(); // it can still read replies
    const old = await sourceWithUpload(10);
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 11 * 86_400_000);
      await intake.retention.deleteSubmission(old.submission);
    } finally {
      vi.useRealTimers();
    }
    expect(await intake.repo.sourceRecipient(old.session.sourceId)).toBeUndefined();
  });

  it('expires abandoned uploads and old submissions, overwriting their files', async () => {
    const { session, submission, sealed } = await sourceWithUpload(70_000);
    const info = await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
    await intake.uploads.append(session, info.id, 0, Readable.from([sealed.ciphertext.subarray(0, 5000)]));
    expect(await intake.retention.sweep(addDays(today(), 10))).toEqual({ submissions: 0, uploads: 0, sources: 0 });
    const asked: string[] = [];
    // While an import of it is running, the submission stays for a later sweep.
    expect(await intake.retention.sweep(addDays(today(), 11), async (id) => (asked.push(id), false))).toMatchObject({ submissions: 0 });
    expect(await intake.repo.submission(submission)).toBeDefined();
    expect(await intake.retention.sweep(addDays(today(), 11), async (id) => (asked.push(id), true))).toEqual({ submissions: 1, uploads: 0, sources: 1 });
    expect(asked).toEqual([submission, submission]);
    expect(await intake.store.offset(info.id)).toBeNull();
    expect(await intake.repo.submission(submission)).toBeUndefined();
    expect(fs.readdirSync(path.join(dir, 'intake', 'uploads'))).toEqual([]);
  });
});

describe('the no-JavaScript form path', () => {
  it('refuses a file past the form limit with a message, and keeps nothing of it', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-intake-form-limit-'));
    const identity = await generateX25519Identity();
    const intake = await openIntake(loadIntakeConfig({ VIGIL_INTAKE_FORM_LIMIT: '100KB' }, dir), [await identityToRecipient(identity)]);
    try {
      const { session } = await intake.sources.create();
      const submission = await intake.submissions.create(session, {});
      // What @fastify/multipart does when a file passes its fileSize limit: the stream fails part-way.
      const tooLarge = Readable.from(
        (async function* () {
          yield crypto.randomBytes(64 * 1024);
          throw Object.assign(new Error('request file too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
        })(),
      );
      const refused = intake.submissions.receiveFormFile(session, submission, { stream: tooLarge, filename: 'big.mp4', mimetype: 'video/mp4' }, null);
      await expect(refused).rejects.toMatchObject({ status: 413, code: 'form-limit' });
      await expect(refused).rejects.toThrow(/larger than the 100 KB this form accepts\. Nothing of it was kept/);
      expect(await intake.repo.filesOfSubmission(submission)).toEqual([]);
      expect(fs.readdirSync(path.join(dir, 'intake', 'uploads'))).toEqual([]);

      const small = Buffer.from('a fictional small file');
      expect(
        await intake.submissions.receiveFormFile(session, submission, { stream: Readable.from([small]), filename: 'note.txt', mimetype: 'text/plain' }, null),
      ).toBe(small.length);
      const [file] = await intake.repo.filesOfSubmission(submission);
      const inbox = new IntakeInboxService(intake.repo, intake.store, intake.messages, 30, () => identity);
      expect((await inbox.detail(submission)).files[0]).toMatchObject({
        id: file!.id,
        via: 'form',
        name: 'note.txt',
        size: small.length,
        sha256: crypto.createHash('sha256').update(small).digest('hex'),
      });
    } finally {
      await intake.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
