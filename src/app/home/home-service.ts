import { can, type Viewer } from '../../accounts/index.js';
import type { Cases } from '../../cases/index.js';
import type { JobQueue } from '../../jobs/index.js';
import { InvalidInputError } from '../../shared/index.js';
import type { Home, HomeItems, HomeJobQueue, HomeSeenInput } from './home-schemas.js';
import type { HomeSeenRepository } from './home-seen-repository.js';
import type { IntakeNews } from './intake-news.js';
import type { VaultState } from './vault-state.js';

/** How far back "new" reaches on a first visit. */
const FIRST_VISIT_DAYS = 7;
const LIMIT = 20;
/**
 * Queues whose jobs name no record (sweeps, checkpoints, notices): their counts say nothing of what a compartment
 * holds. Jobs about one item or one submission are left out: how many there are could tell a colleague outside a
 * compartment that something hidden from them is being worked on.
 */
const OPEN_QUEUES = ['custody.checkpoint', 'intake.retention-sweep', 'intake.notice-sweep', 'media.sweep'];
/** Queues of submissions and their notices: shown to those who work the intake, who see every submission. */
const INTAKE_QUEUES = ['intake.import', 'intake.notice-mail'];

export interface HomeParts {
  cases: Pick<Cases, 'follows' | 'vaultItems'>;
  seen: HomeSeenRepository;
  vault: VaultState;
  intake: IntakeNews | null;
  jobs: Pick<JobQueue, 'list'> | null;
  now?: () => Date;
}

/** Each signed-in person's home page: what is new since their last visit, their work, the jobs and the vault. */
export class HomeService {
  constructor(private readonly parts: HomeParts) {}

  async home(viewer: Viewer): Promise<Home> {
    const { cases, seen, vault, intake } = this.parts;
    const asOf = this.now().toISOString();
    const lastVisit = await seen.lastVisit(viewer.userId);
    const since = lastVisit ?? new Date(this.now().getTime() - FIRST_VISIT_DAYS * 86_400_000).toISOString();
    const evidence = can(viewer, 'viewEvidence');
    const [intakeNews, items, incidents, jobs, vaultState] = await Promise.all([
      intake && can(viewer, 'intake') ? intake.forViewer(viewer) : null,
      evidence ? this.newItems(viewer, since) : null,
      cases.follows.changedSince(viewer, since, LIMIT),
      this.jobs(viewer),
      vault.forViewer(evidence ? (ids) => cases.vaultItems.hiddenAmong(viewer, ids) : null, can(viewer, 'manage')),
    ]);
    return { asOf, lastVisit, since, intake: intakeNews, items, incidents, jobs, vault: vaultState };
  }

  /** The person has seen the page they loaded at `asOf`, and the intake's news it showed. */
  async markSeen(viewer: Viewer, input: HomeSeenInput): Promise<void> {
    const at = Date.parse(input.asOf);
    if (Number.isNaN(at) || at > this.now().getTime() + 60_000) throw new InvalidInputError('asOf', 'not the time of a home page shown');
    await this.parts.seen.visited(viewer.userId, new Date(at).toISOString());
    if (this.parts.intake && can(viewer, 'intake')) await this.parts.intake.markSeen(viewer, { submissions: input.submissions, messages: input.messages });
  }

  private async newItems(viewer: Viewer, since: string): Promise<HomeItems> {
    // The evidence search goes through the compartment filters and lists the newest first, from a day on.
    const hits = await this.parts.cases.vaultItems.search(viewer, { from: since.slice(0, 10), limit: 50 });
    const fresh = hits.items.filter((h) => h.item.createdAt > since);
    return {
      latest: fresh.slice(0, LIMIT).map((h) => ({ id: h.item.id, name: h.name, mediaType: h.item.mediaType, size: h.item.size, createdAt: h.item.createdAt })),
      count: fresh.length,
      more: hits.items.length === 50 && fresh.length === hits.items.length,
    };
  }

  private async jobs(viewer: Viewer): Promise<HomeJobQueue[]> {
    if (!this.parts.jobs) return [];
    const names = [...OPEN_QUEUES, ...(can(viewer, 'intake') ? INTAKE_QUEUES : [])];
    const listing = await this.parts.jobs.list(names);
    return listing.queues
      .filter((q) => names.includes(q.name))
      .map((q) => ({ name: q.name, queued: q.queued, active: q.active, parked: q.parked }))
      .filter((q) => q.queued + q.active + q.parked > 0);
  }

  private now(): Date {
    return this.parts.now?.() ?? new Date();
  }
}
