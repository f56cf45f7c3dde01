import type { Viewer } from '../accounts/index.js';
import type { AuditRepository } from '../audit/index.js';
import type { UnitOfWork } from '../db/index.js';
import { InvalidInputError, NotFoundError, VersionConflictError } from '../shared/index.js';
import type { ActTypeRepository } from './act-type-repository.js';
import type { IncidentRepository } from './incident-repository.js';
import type { SearchIndexer } from './search/search-indexer.js';
import { requirePermission } from './case-context.js';
import type { ActTypeInput } from './case-schemas.js';
import { SEED_ACT_TYPES } from '../shared/index.js';
import type { ActType as ActTypeView } from './case-views.js';

/** The controlled vocabulary of acts: seeded once, then the administrators' to extend and rename. */
export class ActTypeService {
  constructor(
    private readonly types: ActTypeRepository,
    private readonly incidents: IncidentRepository,
    private readonly audit: AuditRepository,
    private readonly indexer: SearchIndexer,
    private readonly uow: UnitOfWork,
  ) {}

  async seed(): Promise<void> {
    if ((await this.types.count()) > 0) return;
    const now = new Date().toISOString();
    await this.types.insert(
      SEED_ACT_TYPES.map((t, i) => ({
        id: t.id,
        parent_id: t.parent ?? null,
        label_ru: t.ru,
        label_en: t.en,
        sort: i * 10,
        version: 1,
        created_at: now,
        updated_at: now,
      })),
    );
  }

  async list(viewer: Viewer): Promise<ActTypeView[]> {
    requirePermission(viewer, 'read');
    return (await this.types.list()).map((t) => ({
      id: t.id,
      version: t.version,
      parentId: t.parent_id,
      labelRu: t.label_ru,
      labelEn: t.label_en,
      sort: t.sort,
    }));
  }

  async create(viewer: Viewer, input: ActTypeInput): Promise<{ id: string }> {
    requirePermission(viewer, 'manage');
    const id = input.id ?? slug(input.labelEn);
    if (!id) throw new InvalidInputError('id', 'give an id of lower-case letters, digits and dashes');
    if (await this.types.find(id)) throw new InvalidInputError('id', `a type of act "${id}" exists`);
    await this.checkParent(input.parentId, id);
    const now = new Date().toISOString();
    await this.uow.run(async () => {
      await this.types.insert([
        {
          id,
          parent_id: input.parentId ?? null,
          label_ru: input.labelRu,
          label_en: input.labelEn,
          sort: input.sort ?? 1000,
          version: 1,
          created_at: now,
          updated_at: now,
          created_by: viewer.userId,
        },
      ]);
      await this.audit.record({ userId: viewer.userId, action: 'created', recordType: 'act-type', recordId: id });
    });
    return { id };
  }

  async update(viewer: Viewer, id: string, version: number, input: ActTypeInput): Promise<{ version: number }> {
    requirePermission(viewer, 'manage');
    const current = await this.types.find(id);
    if (!current) throw new NotFoundError('type of act', id);
    await this.checkParent(input.parentId, id);
    const values = {
      parent_id: input.parentId ?? null,
      label_ru: input.labelRu,
      label_en: input.labelEn,
      sort: input.sort ?? current.sort,
      updated_at: new Date().toISOString(),
    };
    await this.uow.run(async () => {
      if (!(await this.types.update(id, version, values))) throw new VersionConflictError('type of act', current.version);
      await this.audit.record({ userId: viewer.userId, action: 'updated', recordType: 'act-type', recordId: id });
      for (const incident of await this.incidents.idsWithActType(id)) await this.indexer.indexIncident(incident);
    });
    return { version: version + 1 };
  }

  private async checkParent(parentId: string | null | undefined, id: string): Promise<void> {
    if (!parentId) return;
    if (parentId === id) throw new InvalidInputError('parentId', 'a type cannot be its own parent');
    const parent = await this.types.find(parentId);
    if (!parent) throw new InvalidInputError('parentId', `no type of act "${parentId}"`);
    if (parent.parent_id !== null) throw new InvalidInputError('parentId', 'types nest one level deep only');
  }
}

function slug(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
