import { sendFile } from '../helpers/intake-submissions.js';
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { intakeNoticeMailJob, intakeNoticeSweepJob, NOTICE_MAIL } from '../../src/inbox/index.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { parseMail as parse, startSmtp, type SmtpInbox } from '../helpers/smtp-inbox.js';
import { createTestWorker, type TestWorker } from '../helpers/vigil-worker.js';

const pgUp = await postgresAvailable();

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`notification e-mails of intake arrivals on ${kind}`, () => {
    let smtp: SmtpInbox;
    let setup: TestWorker;
    beforeAll(async () => {
      smtp = await startSmtp();
      setup = await createTestWorker(kind, {
        mail: { smtpUrl: `smtp://127.0.0.1:${smtp.port}`, from: 'vigil@example.org', to: ['duty-one@example.org', 'duty-two@example.org'] },
      });
    });
    afterAll(async () => {
      await setup?.cleanup();
      await smtp?.close();
    });

    async function workAll(): Promise<void> {
      while (await setup.worker.runOnce());
    }

    it('says only that a submission and a message arrived: no codename, file name, answer, id or count', async () => {
      const { intake, queue } = setup;
      const source = await intake.sources.create();
      const submission = await intake.submissions.create(source.session, { 'q-facility': 'Fictional Colony No. 7', 'q-shows': 'a fictional yard' });
      const upload = await sendFile(intake, source, submission, 'fictional-secret-name.mp4', crypto.randomBytes(10_000));
      const second = await intake.submissions.create(source.session, {});
      await intake.messages.fromSource(source.session, 'a fictional message about the yard');

      await queue.send(intakeNoticeSweepJob, {});
      await workAll();
      expect(smtp.received).toHaveLength(2); // one per kind of arrival, however many arrived
      const secrets = [
        source.codename,
        ...source.codename.split(/[\s-]+/).filter((w) => w.length > 3),
        submission,
        second,
        upload.uploadId,
        'fictional-secret-name',
        'Fictional Colony',
        'fictional message',
        'yard',
        source.token,
      ];
      const bodies = smtp.received.map(parse);
      for (const [i, raw] of smtp.received.entries()) {
        for (const secret of secrets) expect(raw.toLowerCase(), `e-mail ${i} holds "${secret}"`).not.toContain(secret.toLowerCase());
        expect(raw).not.toMatch(/https?:\/\//);
        expect(raw).not.toMatch(/\b(sub|upl|msg|src)_[0-9a-z]{6,}/);
        expect(
          bodies[i]!.headers.every((h) =>
            ['from', 'to', 'subject', 'message-id', 'date', 'mime-version', 'content-type', 'content-transfer-encoding'].includes(h),
          ),
        ).toBe(true);
      }
      // Nothing but the fixed words, in both languages.
      expect(bodies.map((b) => b.body).sort()).toEqual([NOTICE_MAIL.message.text, NOTICE_MAIL.submission.text].sort());
      expect(smtp.received[0]).toMatch(/^To: duty-one@example\.org, duty-two@example\.org$/m);
    });

    it('sends nothing when nothing is new, and one e-mail for a new message', async () => {
      const { intake, queue } = setup;
      await queue.send(intakeNoticeSweepJob, {});
      await workAll();
      expect(smtp.received).toHaveLength(2);
      const source = await intake.sources.create();
      await intake.messages.fromSource(source.session, 'another fictional message');
      await queue.send(intakeNoticeSweepJob, {});
      await workAll();
      expect(smtp.received).toHaveLength(3);
      expect(parse(smtp.received[2]!).body).toBe(NOTICE_MAIL.message.text);
    });

    it('keeps an e-mail the mail server refused, to retry later, and loses no submission', async () => {
      const { intake, queue } = setup;
      await smtp.close();
      const source = await intake.sources.create();
      const submission = await intake.submissions.create(source.session, {});
      // A submission is sent with its first file: one without is not yet an arrival.
      await sendFile(intake, source, submission, 'fictional.jpg', crypto.randomBytes(1000), { manifest: false });
      await queue.send(intakeNoticeSweepJob, {});
      await workAll();
      const listing = await queue.list([intakeNoticeMailJob.name]);
      expect(listing.queues.find((q) => q.name === intakeNoticeMailJob.name)).toMatchObject({ queued: 1, active: 0, parked: 0, done: 3 });
      expect(JSON.stringify(listing)).not.toContain(submission);
      expect(await intake.repo.submission(submission)).toBeDefined();
    });
  });
}
