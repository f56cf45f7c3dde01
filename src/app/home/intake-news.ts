import type { Viewer } from '../../accounts/index.js';
import type { IntakeStaff } from '../../inbox/index.js';
import type { HomeIntake, HomeSubmission } from './home-schemas.js';
import type { HomeSeenRepository } from './home-seen-repository.js';

/** Submissions a person has on their desk: assigned to them and not yet imported or closed. */
const OPEN = new Set(['new', 'in-review']);

/**
 * The intake as one person's home page shows it: submissions and source messages they have not marked seen
 * (the intake keeps only days, so "new" is "not seen", by id), and the submissions assigned to them. Nothing
 * here is decrypted: the page names submissions, and the inbox opens them.
 */
export class IntakeNews {
  constructor(
    private readonly staff: IntakeStaff,
    private readonly seen: HomeSeenRepository,
  ) {}

  async forViewer(viewer: Viewer): Promise<HomeIntake> {
    const repo = this.staff.intake.repo;
    const submissions = await repo.sentSubmissions();
    const work = await this.staff.cases.summaries(submissions.map((s) => s.id));
    const view = (s: (typeof submissions)[number]): HomeSubmission => {
      const w = work.get(s.id) ?? { status: 'new' as const, assignee: null, labels: [] };
      return { id: s.id, receivedDay: s.created_day, status: w.status, assignee: w.assignee, labels: w.labels };
    };
    const seenSubmissions = await this.seen.seen(viewer.userId, 'submission');
    const fresh = submissions.filter((s) => !seenSubmissions.has(s.id));

    const seenMessages = await this.seen.seen(viewer.userId, 'message');
    const latestOf = new Map<string, string>();
    for (const s of submissions) latestOf.set(s.source_id, s.id);
    const newMessages: HomeIntake['newMessages'] = [];
    const messageIds: string[] = [];
    for (const sourceId of (await repo.messageCounts()).keys()) {
      const unseen = (await repo.messagesOfSource(sourceId)).filter((m) => m.direction === 'source' && !seenMessages.has(m.id));
      if (unseen.length === 0) continue;
      messageIds.push(...unseen.map((m) => m.id));
      newMessages.push({ submissionId: latestOf.get(sourceId) ?? null, count: unseen.length });
    }
    const byDay = (a: HomeSubmission, b: HomeSubmission) => b.receivedDay.localeCompare(a.receivedDay);
    return {
      newSubmissions: fresh.map(view).sort(byDay),
      newMessages,
      assigned: submissions
        .map(view)
        .filter((s) => s.assignee?.id === viewer.userId && OPEN.has(s.status))
        .sort(byDay),
      marks: { submissions: fresh.map((s) => s.id), messages: messageIds },
    };
  }

  /** Marks these submissions and messages seen (those the intake still holds). */
  async markSeen(viewer: Viewer, marks: HomeIntake['marks']): Promise<void> {
    const repo = this.staff.intake.repo;
    await this.seen.markSeen(viewer.userId, 'submission', marks.submissions, new Set((await repo.sentSubmissions()).map((s) => s.id)));
    await this.seen.markSeen(viewer.userId, 'message', marks.messages, new Set(await repo.sourceMessageIds()));
  }
}
