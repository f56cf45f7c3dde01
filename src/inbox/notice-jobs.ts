import { Type } from 'typebox';
import { jobKind } from '../jobs/index.js';

/**
 * Every quarter of an hour: what arrived in the intake since the last look, each kind of arrival queued as one
 * e-mail. Not every minute: the jobs' own records (and the mail provider's) would then date each arrival to the
 * minute, where the intake itself keeps only its day.
 */
export const intakeNoticeSweepJob = jobKind({
  name: 'intake.notice-sweep',
  payload: Type.Object({}),
  everyMinutes: 15,
  retry: { attempts: 3, delaySeconds: 20, maxDelaySeconds: 120 },
});

/**
 * Takes answers an administrator has since kept in the intake out of the copies kept with imported items (see
 * CaseService.resealKeptAnswers); hourly, so such an answer stays in a copy at most an hour after the change.
 */
export const intakeAnswersResealJob = jobKind({
  name: 'intake.answers-reseal',
  payload: Type.Object({}),
  everyMinutes: 60,
  retry: { attempts: 3, delaySeconds: 60, maxDelaySeconds: 600 },
});

/** One notification e-mail: retried with backoff for a day, so that a mail server down for hours loses nothing. */
export const intakeNoticeMailJob = jobKind({
  name: 'intake.notice-mail',
  payload: Type.Object({ kind: Type.Union([Type.Literal('submission'), Type.Literal('message')]) }, { additionalProperties: false }),
  retry: { attempts: 12, delaySeconds: 30, maxDelaySeconds: 3 * 60 * 60 },
});
