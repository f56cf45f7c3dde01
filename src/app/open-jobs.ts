import { openJobQueue, JobRegistry, JobWorker, type CheckedJobRegistry, type JobQueue } from '../jobs/index.js';
import type { IntakeStaff } from '../inbox/index.js';
import { intakeAnswersResealJob, intakeImportJob, intakeNoticeMailJob, intakeNoticeSweepJob, NOTICE_MAIL } from '../inbox/index.js';
import { Mailer } from '../mail/index.js';
import { custodyCheckpointJob, intakeRetentionJob, VIGIL_JOB_KINDS } from './job-kinds.js';
import { mediaAnalyseJob, mediaDeriveJob, mediaSweepJob, type JobSender } from '../media/index.js';
import { jobSettings, type JobSettings } from './job-settings.js';
import type { Vigil } from './open-vigil.js';

/**
 * The job queue of a home: the queue table in its SQLite database, or pg-boss on its PostgreSQL. A process
 * that works jobs (`schedules`) also sends the recurring ones when they fall due.
 */
export async function openJobs(vigil: Vigil, options: { schedules: boolean }, settings: JobSettings = jobSettings()): Promise<JobQueue> {
  const queue = await openJobQueue(vigil.config.database, vigil.database.db, { leaseSeconds: settings.leaseSeconds, schedules: options.schedules });
  try {
    await queue.start(VIGIL_JOB_KINDS, { schedules: options.schedules });
  } catch (error) {
    await queue.close().catch(() => undefined);
    throw error;
  }
  return queue;
}

/** What the handlers need: an unlocked home (its custody signer), and the intake as the staff side sees it. */
export interface WorkerParts {
  vigil: Vigil;
  intakeStaff: IntakeStaff;
  custodySignerKey: string;
}

/**
 * One handler for each of Vigil's jobs; refuses to build (JobRegistryError) when one is missing or doubled.
 * `jobs` is where handlers send further jobs (the media sweep sends analyses).
 */
export function vigilJobRegistry(parts: WorkerParts, jobs: JobSender): CheckedJobRegistry {
  const { vigil, intakeStaff } = parts;
  // Built once; it connects only when it sends. Without VIGIL_SMTP_URL arrivals are still marked as noticed.
  const mailer = vigil.config.mail ? new Mailer(vigil.config.mail) : null;
  return new JobRegistry(VIGIL_JOB_KINDS)
    .handle(intakeImportJob, ({ submissionId }, context) => intakeStaff.imports.run(submissionId, context))
    .handle(intakeRetentionJob, async (_payload, context) => {
      // A submission that expires takes its imports' progress and its handling (status, labels, comments) with it.
      const swept = await intakeStaff.intake.retention.sweep(undefined, async (submission) => {
        const free = await intakeStaff.imports.forget(submission);
        if (free) await intakeStaff.cases.forget(null, submission);
        return free;
      });
      await context.progress({ done: 1, total: 1, message: `${swept.submissions} submissions, ${swept.uploads} uploads, ${swept.sources} sources deleted` });
    })
    .handle(intakeNoticeSweepJob, async (_payload, context) => {
      await intakeStaff.notices.sweep(async (kind) => {
        if (mailer) await jobs.send(intakeNoticeMailJob, { kind });
      });
      // The same words whatever arrived: the job's record must not say when something did.
      await context.progress({ done: 1, total: 1, message: 'looked for arrivals' });
    })
    .handle(intakeNoticeMailJob, async ({ kind }, context) => {
      if (!mailer) return context.progress({ done: 1, total: 1, message: 'no mail server is configured (VIGIL_SMTP_URL)' });
      await mailer.send(NOTICE_MAIL[kind]);
      await context.progress({ done: 1, total: 1, message: 'notice sent' });
    })
    .handle(intakeAnswersResealJob, async (_payload, context) => {
      await intakeStaff.cases.resealKeptAnswers();
      // The same words whatever it did: how many copies held an answer made private later is not the job record's to say.
      await context.progress({ done: 1, total: 1, message: 'kept answers checked' });
    })
    .handle(custodyCheckpointJob, async (_payload, context) => {
      const [size, latest] = await Promise.all([vigil.custody.size(), vigil.custody.latestCheckpoint()]);
      if (size === 0 || size === latest?.tree_size) {
        await context.progress({ done: 1, total: 1, message: 'the log has not grown since the last checkpoint' });
        return;
      }
      const checkpoint = await vigil.custody.checkpoint(parts.custodySignerKey, vigil.config.tsaUrl);
      const problems = [...checkpoint.witnessProblems, ...(checkpoint.timestampError ? [`not timestamped: ${checkpoint.timestampError}`] : [])];
      for (const problem of problems) process.stderr.write(`vigil: checkpoint ${checkpoint.id} is signed and kept, but ${problem}\n`);
      await context.progress({ done: 1, total: 1, message: `checkpoint ${checkpoint.id} at size ${checkpoint.tree_size}` });
    })
    .handle(mediaAnalyseJob, async ({ itemId }, context) => {
      const identity = vigil.evidenceIdentity();
      if (identity === null) throw new Error('the evidence is locked: a worker unlocks it with the passphrase at start');
      const analysis = await vigil.media.analyse(itemId, identity, { lastAttempt: context.attempt >= mediaAnalyseJob.retry.attempts, signal: context.signal });
      // Its views follow (a view already stored is kept: analysing again makes none anew).
      const views = await vigil.mediaViews.wantsViews(analysis);
      if (views) await jobs.send(mediaDeriveJob, { itemId: analysis.item });
      await context.progress({ done: 1, total: 1, message: `${analysis.state}: ${analysis.probe.kind}${views ? '; views queued' : ''}` });
    })
    .handle(mediaDeriveJob, async ({ itemId, again }, context) => {
      const identity = vigil.evidenceIdentity();
      if (identity === null) throw new Error('the evidence is locked: a worker unlocks it with the passphrase at start');
      const summary = await vigil.mediaViews.derive(itemId, identity, {
        again: again ?? false,
        signal: context.signal,
        progress: (done, total, message) => void context.progress({ done, total, message }).catch(() => undefined),
      });
      const parts = [`${summary.made.length} view(s) made`, ...(summary.kept.length > 0 ? [`${summary.kept.length} kept`] : [])];
      if (summary.failed.length > 0)
        parts.push(`${summary.failed.length} could not be made (${summary.failed.map((f) => `${f.kind}: ${f.reason}`).join('; ')})`);
      await context.progress({ done: 1, total: 1, message: parts.join(', ') });
    })
    .handle(mediaSweepJob, async (_payload, context) => {
      const sent = await vigil.media.sweep(jobs);
      await context.progress({ done: 1, total: 1, message: `${sent} items sent for analysis` });
    })
    .checked();
}

/** Starts a worker on the queue with Vigil's handlers; `stop()` lets its current job finish or go back. */
export function startWorker(queue: JobQueue, parts: WorkerParts, settings: JobSettings = jobSettings()): JobWorker {
  const worker = new JobWorker(queue, vigilJobRegistry(parts, queue), { leaseSeconds: settings.leaseSeconds, pollMs: settings.pollMs });
  worker.start();
  return worker;
}
