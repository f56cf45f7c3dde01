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
  /**
   * Marks of what arrived today, per person, in this process's memory only: rows written as someone marks today's
   * arrivals seen would date those arrivals finer than the day the intake keeps (marked before this person's
   * visit, after that one's). They are written once their day has passed, and a restart shows them as new again.
   */
  private readonly today = new Map<string, { day: string; ids: Set<string> }>();

  constructor(
    private readonly staff: IntakeStaff,
    private readonly seen: HomeSeenRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async forViewer(viewer: Viewer): Promise<HomeIntake> {
    await this.writeMarksOfPastDays(viewer.userId);
    const repo = this.staff.intake.repo;
    const submissions = await repo.sentSubmissions();
    const work = await this.staff.cases.summaries(submissions.map((s) => s.id));
    const view = (s: (typeof submissions)[number]): HomeSubmission => {
      const w = work.get(s.id) ?? { status: 'new' as const, assignee: null, labels: [] };
      return { id: s.id, receivedDay: s.created_day, status: w.status, assignee: w.assignee, labels: w.labels };
    };
    const kept = this.today.get(viewer.userId)?.ids ?? new Set<string>();
    const seenSubmissions = union(await this.seen.seen(viewer.userId, 'submission'), kept);
    const fresh = submissions.filter((s) => !seenSubmissions.has(s.id));

    const seenMessages = union(await this.seen.seen(viewer.userId, 'message'), kept);
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

  /** Marks these submissions and messages seen (those the intake still holds): today's in memory, older ones in the database. */
  async markSeen(viewer: Viewer, marks: HomeIntake['marks']): Promise<void> {
    const day = this.day();
    const { submissions, messages } = await this.arrivalDays();
    const past = (days: Map<string, string>, ids: string[]) => ids.filter((id) => (days.get(id) ?? day) < day);
    const todays = [...marks.submissions, ...marks.messages].filter((id) => submissions.get(id) === day || messages.get(id) === day);
    const kept = this.today.get(viewer.userId);
    this.today.set(viewer.userId, { day, ids: new Set([...(kept?.day === day ? kept.ids : []), ...todays]) });
    await this.seen.markSeen(viewer.userId, 'submission', past(submissions, marks.submissions), new Set(submissions.keys()));
    await this.seen.markSeen(viewer.userId, 'message', past(messages, marks.messages), new Set(messages.keys()));
    if (kept && kept.day !== day) await this.writeMarks(viewer.userId, kept.ids, submissions, messages);
  }

  /** A person's marks kept in memory for a day that has now passed, written to the database. */
  private async writeMarksOfPastDays(userId: string): Promise<void> {
    const kept = this.today.get(userId);
    if (!kept || kept.day === this.day()) return;
    this.today.delete(userId);
    const { submissions, messages } = await this.arrivalDays();
    await this.writeMarks(userId, kept.ids, submissions, messages);
  }

  private async writeMarks(userId: string, ids: Set<string>, submissions: Map<string, string>, messages: Map<string, string>): Promise<void> {
    const of = (days: Map<string, string>) => [...ids].filter((id) => days.has(id));
    const written = async (kind: 'submission' | 'message', days: Map<string, string>) =>
      this.seen.markSeen(userId, kind, [...(await this.seen.seen(userId, kind)), ...of(days)], new Set(days.keys()));
    await written('submission', submissions);
    await written('message', messages);
  }

  /** The day each submission and source message the intake holds arrived on. */
  private async arrivalDays(): Promise<{ submissions: Map<string, string>; messages: Map<string, string> }> {
    const repo = this.staff.intake.repo;
    const submissions = new Map((await repo.sentSubmissions()).map((s) => [s.id, s.created_day]));
    const messages = new Map<string, string>();
    for (const sourceId of (await repo.messageCounts()).keys()) {
      for (const m of await repo.messagesOfSource(sourceId)) if (m.direction === 'source') messages.set(m.id, m.created_day);
    }
    return { submissions, messages };
  }

  private day(): string {
    return this.now().toISOString().slice(0, 10);
  }
}

function union(a: Set<string>, b: Set<string>): Set<string> {
  return new Set([...a, ...b]);
}
