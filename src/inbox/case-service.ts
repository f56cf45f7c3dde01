import type { Kysely } from 'kysely';
import type { Viewer } from '../accounts/index.js';
import { AuditRepository } from '../audit/index.js';
import { newId, runInTransaction } from '../db/index.js';
import { IntakeError, openText, Questionnaire, sealText, withPrivateDefault, type IntakeQuestion, type IntakeRepository } from '../intake/index.js';
import { PERMISSIONS } from '../shared/index.js';
import { SubmissionCaseRepository } from './case-repository.js';
import type { CaseChoices, ItemSourceAnswers, SubmissionCase, SubmissionCaseSummary, SubmissionStatus } from './case-schemas.js';
import type { IntakeAnswer } from './inbox-schemas.js';

const RECORD = 'submission';

/**
 * Submissions as cases of work: who handles one, where it stands, its labels and internal comments (sealed to
 * the organisation like messages, never shown to the source: they live in the main database, which the intake
 * cannot reach). Every change is written to the audit trail in the same transaction.
 */
export class SubmissionCaseService {
  private readonly repo: SubmissionCaseRepository;
  private readonly audit: AuditRepository;

  constructor(
    private readonly db: Kysely<unknown>,
    private readonly intake: IntakeRepository,
    private readonly recipients: string[],
    private readonly identity: () => string,
  ) {
    this.repo = new SubmissionCaseRepository(db);
    this.audit = new AuditRepository(db as never);
  }

  async summaries(submissionIds: string[]): Promise<Map<string, SubmissionCaseSummary>> {
    return this.repo.cases(submissionIds);
  }

  async view(submissionId: string): Promise<SubmissionCase> {
    await this.exists(submissionId);
    const summary = (await this.repo.cases([submissionId])).get(submissionId)!;
    const identity = this.identity();
    const comments = await Promise.all(
      (await this.repo.comments(submissionId)).map(async (c) => ({ id: c.id, author: c.author, at: c.at, body: await openText(identity, c.bodyAge) })),
    );
    return { ...summary, comments };
  }

  async choices(): Promise<CaseChoices> {
    return { assignees: await this.repo.staff(PERMISSIONS.intake), labels: await this.repo.labelsInUse() };
  }

  async assign(viewer: Viewer, submissionId: string, assigneeId: string | null): Promise<SubmissionCase> {
    await this.exists(submissionId);
    if (assigneeId !== null && (await this.repo.staff(PERMISSIONS.intake, assigneeId)).length === 0)
      throw new IntakeError(400, 'not-an-assignee', 'A submission can be assigned only to a colleague who works the intake.');
    await runInTransaction(this.db, async () => {
      await this.repo.save(submissionId, { assigneeId }, viewer.userId);
      await this.audit.record({
        userId: viewer.userId,
        action: assigneeId === null ? 'unassigned' : 'assigned',
        recordType: RECORD,
        recordId: submissionId,
        detail: { assigneeId },
      });
    });
    return this.view(submissionId);
  }

  async setStatus(viewer: Viewer, submissionId: string, status: Exclude<SubmissionStatus, 'imported'>): Promise<SubmissionCase> {
    await this.exists(submissionId);
    await runInTransaction(this.db, async () => {
      await this.repo.save(submissionId, { status }, viewer.userId);
      await this.audit.record({ userId: viewer.userId, action: 'status-changed', recordType: RECORD, recordId: submissionId, detail: { status } });
    });
    return this.view(submissionId);
  }

  async setLabels(viewer: Viewer, submissionId: string, labels: string[]): Promise<SubmissionCase> {
    await this.exists(submissionId);
    const unique = [...new Set(labels.map((l) => l.trim()).filter((l) => l !== ''))].sort();
    await runInTransaction(this.db, async () => {
      await this.repo.setLabels(submissionId, unique);
      await this.audit.record({ userId: viewer.userId, action: 'labelled', recordType: RECORD, recordId: submissionId, detail: { labels: unique } });
    });
    return this.view(submissionId);
  }

  async comment(viewer: Viewer, submissionId: string, body: string): Promise<SubmissionCase> {
    await this.exists(submissionId);
    const text = body.trim();
    if (text === '') throw new IntakeError(400, 'empty-comment', 'The comment is empty.');
    const id = newId('cmt');
    const sealed = await sealText(this.recipients, text);
    await runInTransaction(this.db, async () => {
      await this.repo.addComment({ id, submission_id: submissionId, author_id: viewer.userId, created_at: new Date().toISOString(), body_age: sealed });
      // The trail says that a comment was made, never what it says.
      await this.audit.record({ userId: viewer.userId, action: 'commented', recordType: RECORD, recordId: submissionId, detail: { commentId: id } });
    });
    return this.view(submissionId);
  }

  /**
   * An import finished: the items it gave are the submission's, the answers (still sealed as the intake holds
   * them) are kept with them, and the submission reads as imported.
   */
  async imported(submissionId: string, itemIds: string[]): Promise<void> {
    const submission = await this.intake.submission(submissionId);
    if (!submission) return;
    const shareable = submission.answers_age
      ? await shareableAnswers(this.identity(), this.recipients, submission.answers_age, await new Questionnaire(this.intake).privateIds())
      : null;
    await runInTransaction(this.db, async () => {
      await this.repo.addItems(submissionId, itemIds);
      // Without the answers kept in the intake (how to reach the source): this copy outlives the submission.
      if (submission.answers_age) await this.repo.keepAnswers(submissionId, shareable!);
      const current = (await this.repo.cases([submissionId])).get(submissionId)!;
      if (current.status !== 'imported' && current.status !== 'closed') {
        await this.repo.save(submissionId, { status: 'imported' }, null);
        await this.audit.record({ userId: null, action: 'status-changed', recordType: RECORD, recordId: submissionId, detail: { status: 'imported' } });
      }
    });
  }

  /** A submission was deleted (by staff, or by retention when `viewer` is null): its status, assignee, labels and comments go with it (recorded in the trail). */
  async forget(viewer: Viewer | null, submissionId: string): Promise<void> {
    await runInTransaction(this.db, async () => {
      await this.repo.forget(submissionId);
      await this.audit.record({ userId: viewer?.userId ?? null, action: 'deleted', recordType: RECORD, recordId: submissionId });
    });
  }

  /** The items imports of this submission gave (the caller leaves out those the viewer may not see). */
  async items(submissionId: string): Promise<string[]> {
    await this.exists(submissionId);
    return this.repo.itemsOf(submissionId);
  }

  /** What the sources said of an item, from every submission it came in (the caller checks the item is visible). */
  async answersOfItem(itemId: string): Promise<ItemSourceAnswers> {
    const identity = this.identity();
    const kept = await this.repo.answersOfItem(itemId);
    const privateNow = await new Questionnaire(this.intake).privateIds();
    return {
      itemId,
      // Only what may travel with the item: an answer kept in the intake (how to reach the source) stays there.
      submissions: await Promise.all(
        kept.map(async (k) => ({ submissionId: k.submissionId, answers: (await openAnswers(identity, k.answersAge, privateNow)).filter((a) => !a.private) })),
      ),
    };
  }

  /**
   * Seals again, without them, every kept copy of answers that holds an answer kept in the intake now: one whose
   * question an administrator made private after it was answered, or one of a copy kept before the flag existed.
   * Reading already leaves such answers out; this takes them out of the copy itself, which outlives the submission.
   */
  async resealKeptAnswers(): Promise<{ checked: number; resealed: number }> {
    const identity = this.identity();
    const questionnaire = new Questionnaire(this.intake);
    const pending = await questionnaire.pendingReseal();
    const privateNow = await questionnaire.privateIds();
    let checked = 0;
    let resealed = 0;
    for (let after = ''; ;) {
      const page = await this.repo.keptAnswersAfter(after, 200);
      if (page.length === 0) {
        await questionnaire.resealed(pending);
        return { checked, resealed };
      }
      for (const kept of page) {
        checked++;
        const answers = await openAnswers(identity, kept.answersAge, privateNow);
        if (answers.every((a) => !a.private)) continue;
        await this.repo.replaceKeptAnswers(kept.submissionId, kept.answersAge, await shareableAnswers(identity, this.recipients, kept.answersAge, privateNow));
        resealed++;
      }
      after = page[page.length - 1]!.submissionId;
    }
  }

  private async exists(submissionId: string): Promise<void> {
    if (!(await this.intake.submission(submissionId))) throw new IntakeError(404, 'not-found', `no submission ${submissionId}`);
  }
}

interface SealedAnswers {
  answers: Record<string, string>;
  questions: IntakeQuestion[];
}

/**
 * Sealed questionnaire answers as the inbox shows them: each answer with the question's label as it was asked,
 * private when the question was kept in the intake then or is now (`privateNow`: an administrator who marks a
 * question later protects the answers already received too).
 */
export async function openAnswers(identity: string, sealed: string, privateNow: ReadonlySet<string>): Promise<IntakeAnswer[]> {
  const opened = JSON.parse(await openText(identity, sealed)) as SealedAnswers;
  return Object.entries(opened.answers).map(([questionId, answer]) => {
    const asked = opened.questions.find((q) => q.id === questionId);
    return {
      questionId,
      label: asked?.label ?? { ru: questionId, en: questionId },
      answer,
      // An answer sealed without its question cannot say whether it was private: it is kept in the intake.
      private: asked === undefined || withPrivateDefault(asked).private === true || privateNow.has(questionId),
    };
  });
}

/** The sealed answers without those kept in the intake, sealed again: what may stay with imported items. */
async function shareableAnswers(identity: string, recipients: string[], sealed: string, privateNow: ReadonlySet<string>): Promise<string> {
  const opened = JSON.parse(await openText(identity, sealed)) as SealedAnswers;
  const kept = new Set((await openAnswers(identity, sealed, privateNow)).filter((a) => !a.private).map((a) => a.questionId));
  const answers = Object.fromEntries(Object.entries(opened.answers).filter(([id]) => kept.has(id)));
  return sealText(recipients, JSON.stringify({ ...opened, answers, questions: opened.questions.filter((q) => kept.has(q.id)) }));
}
