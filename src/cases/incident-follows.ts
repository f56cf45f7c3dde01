import { sql, type Kysely } from 'kysely';
import type { Viewer } from '../accounts/index.js';
import type { Db } from '../db/index.js';
import type { IncidentService } from './incident-service.js';
import { visibleTo } from './visibility.js';
import type { AuditRow } from '../audit/index.js';
import type { AuditTrail } from './audit-trail.js';

type FollowTables = { incident_follows: { user_id: string; incident_id: string; following: number; at: string } };

/** An incident that changed since a moment, as one follower may see it. */
export interface FollowedChange {
  id: string;
  titleRu: string;
  titleEn: string;
  /** The latest change by someone else. */
  changedAt: string;
  /** How many changes others made since the moment. */
  changes: number;
}

/**
 * Who follows which incident. A person follows the incidents they created or changed, unless they said to stop,
 * and any they chose to follow. Only changes others made count as news to them; every query keeps to the
 * incidents the follower may see, so a restricted incident outside their compartments is never named or counted.
 */
export class IncidentFollows {
  private readonly db: Kysely<FollowTables>;

  constructor(
    private readonly root: Db,
    private readonly incidents: Pick<IncidentService, 'visible'>,
    private readonly trail: Pick<AuditTrail, 'shownTo'>,
  ) {
    this.db = root.withTables<FollowTables>() as unknown as Kysely<FollowTables>;
  }

  /** Whether the viewer follows the incident (one they may see; otherwise it does not exist to them). */
  async following(viewer: Viewer, incidentId: string): Promise<boolean> {
    await this.incidents.visible(viewer, incidentId);
    const row = await this.db
      .selectFrom('incident_follows')
      .select('following')
      .where('user_id', '=', viewer.userId)
      .where('incident_id', '=', incidentId)
      .executeTakeFirst();
    if (row) return row.following === 1;
    const touched = await this.root
      .selectFrom('audit_log')
      .select('id')
      .where('record_type', '=', 'incident')
      .where('record_id', '=', incidentId)
      .where('user_id', '=', viewer.userId)
      .limit(1)
      .executeTakeFirst();
    return touched !== undefined;
  }

  /** Follows the incident, or stops following it (then changing it again does not bring it back). */
  async setFollowing(viewer: Viewer, incidentId: string, following: boolean): Promise<boolean> {
    await this.incidents.visible(viewer, incidentId);
    const row = { user_id: viewer.userId, incident_id: incidentId, following: following ? 1 : 0, at: new Date().toISOString() };
    await this.db
      .insertInto('incident_follows')
      .values(row)
      .onConflict((c) => c.columns(['user_id', 'incident_id']).doUpdateSet({ following: row.following, at: row.at }))
      .execute();
    return following;
  }

  /**
   * Live incidents the viewer follows and may see that others changed after `since`, the latest first. A change
   * counts only if the viewer's audit trail would show it: linking a hidden item or a hidden incident to one they
   * follow, or a colleague opening a restricted one, is no news to them (it would tell them when something hidden
   * happened). At most CHANGES_READ of the latest entries the viewer may see are counted (CHANGES_SCANNED read).
   */
  async changedSince(viewer: Viewer, since: string, limit: number): Promise<{ changes: FollowedChange[]; total: number }> {
    const me = viewer.userId;
    const explicit = (value: number) =>
      sql<boolean>`exists (select 1 from incident_follows f where f.user_id = ${me} and f.incident_id = incidents.id and f.following = ${value})`;
    const touched = sql<boolean>`exists (select 1 from audit_log m where m.record_type = 'incident' and m.record_id = incidents.id and m.user_id = ${me})`;
    const byIncident = new Map<string, FollowedChange>();
    let shown = 0;
    let before: { at: string; id: string } | null = null;
    // Page by page until CHANGES_READ entries the viewer may see: hidden ones must not push visible ones off.
    for (let scanned = 0; shown < CHANGES_READ && scanned < CHANGES_SCANNED;) {
      let query = this.root
        .selectFrom('audit_log')
        .innerJoin('incidents', 'incidents.id', 'audit_log.record_id')
        .where('audit_log.record_type', '=', 'incident')
        .where('audit_log.at', '>', since)
        .where('audit_log.action', 'not in', NOT_CHANGES)
        .where((eb) => eb.or([eb('audit_log.user_id', 'is', null), eb('audit_log.user_id', '!=', me)]))
        .where('incidents.deleted_at', 'is', null)
        .where(visibleTo('incidents', viewer))
        .where(sql<boolean>`(${explicit(1)} or (${touched} and not ${explicit(0)}))`);
      if (before) {
        const { at, id } = before;
        query = query.where((eb) => eb.or([eb('audit_log.at', '<', at), eb.and([eb('audit_log.at', '=', at), eb('audit_log.id', '<', id)])]));
      }
      const rows = await query
        .select([
          'audit_log.id',
          'audit_log.at',
          'audit_log.user_id',
          'audit_log.action',
          'audit_log.record_id',
          'audit_log.detail',
          'incidents.title_ru',
          'incidents.title_en',
        ])
        .orderBy('audit_log.at', 'desc')
        .orderBy('audit_log.id', 'desc')
        .limit(CHANGES_PAGE)
        .execute();
      if (rows.length === 0) break;
      scanned += rows.length;
      before = { at: rows[rows.length - 1]!.at, id: rows[rows.length - 1]!.id };
      const titles = new Map(rows.map((r) => [r.record_id!, { titleRu: r.title_ru, titleEn: r.title_en }]));
      const entries: AuditRow[] = rows.map((r) => ({
        id: r.id,
        at: r.at,
        userId: r.user_id,
        action: r.action,
        recordType: 'incident',
        recordId: r.record_id,
        detail: JSON.parse(r.detail) as Record<string, unknown>,
      }));
      for (const entry of await this.trail.shownTo(viewer, entries)) {
        if (shown === CHANGES_READ) break;
        shown++;
        const id = entry.recordId!;
        const known = byIncident.get(id);
        if (known) known.changes++;
        else byIncident.set(id, { id, ...titles.get(id)!, changedAt: entry.at, changes: 1 });
      }
    }
    const changes = [...byIncident.values()];
    return { changes: changes.slice(0, limit), total: changes.length };
  }
}

/** Entries about an incident that are not changes to it. */
const NOT_CHANGES = ['viewed-restricted'];
/** The most recent entries about followed incidents, of those the viewer may see, counted for one home page. */
const CHANGES_READ = 2_000;
const CHANGES_PAGE = 500;
/** Entries read at most, shown or not: the cost of one home page stays bounded. */
const CHANGES_SCANNED = 20_000;
