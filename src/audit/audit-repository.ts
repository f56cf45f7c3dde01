import type { Db } from '../db/index.js';
import { currentExecutor } from '../db/index.js';
import { newId } from '../db/index.js';

export interface AuditEntry {
  userId: string | null;
  action: string;
  recordType: string;
  recordId: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditFilter {
  recordType?: string;
  recordId?: string;
  /** Who did it. */
  userId?: string;
  action?: string;
  /** From this instant on (inclusive) and before `to` (exclusive), ISO 8601. */
  from?: string;
  to?: string;
  limit: number;
  /** The page after the row at `before` (and `beforeId` when given, for rows of the same instant). */
  before?: string;
  beforeId?: string;
}

export interface AuditRow {
  id: string;
  at: string;
  userId: string | null;
  action: string;
  recordType: string;
  recordId: string | null;
  detail: Record<string, unknown>;
}

export class AuditRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  async record(entry: AuditEntry): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        id: newId('aud'),
        at: new Date().toISOString(),
        user_id: entry.userId,
        action: entry.action,
        record_type: entry.recordType,
        record_id: entry.recordId,
        detail: JSON.stringify(entry.detail ?? {}),
      })
      .execute();
  }

  /**
   * The newest entries first, every one whoever asks: staff see the trail through `AuditTrail`, which
   * leaves out what their compartments hide. `after` continues a page from its last row.
   */
  async list(filter: AuditFilter & { after?: { at: string; id: string } }): Promise<AuditRow[]> {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(filter.limit);
    if (filter.recordType) query = query.where('record_type', '=', filter.recordType);
    if (filter.recordId) query = query.where('record_id', '=', filter.recordId);
    if (filter.userId) query = query.where('user_id', '=', filter.userId);
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.from) query = query.where('at', '>=', filter.from);
    if (filter.to) query = query.where('at', '<', filter.to);
    const after = filter.after ?? (filter.before && filter.beforeId ? { at: filter.before, id: filter.beforeId } : undefined);
    if (filter.before && !after) query = query.where('at', '<', filter.before);
    if (after) query = query.where((eb) => eb.or([eb('at', '<', after.at), eb.and([eb('at', '=', after.at), eb('id', '<', after.id)])]));
    const rows = await query.execute();
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      userId: r.user_id,
      action: r.action,
      recordType: r.record_type,
      recordId: r.record_id,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    }));
  }
}
