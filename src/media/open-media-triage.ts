import type { Kysely } from 'kysely';
import type { AuditRepository } from '../audit/index.js';
import { UnitOfWork, type Db } from '../db/index.js';
import { DerivedViewRepository } from './derive/derived-view-repository.js';
import { MediaCatalogueRepository } from './media-catalogue-repository.js';
import type { MediaItemService } from './media-item-service.js';
import { MediaMarkRepository } from './media-mark-repository.js';
import { MediaMarkService } from './media-mark-service.js';
import { MediaTriageService, type MediaVisibility } from './media-triage-service.js';

/** What the staff server's media routes call. */
export interface MediaTriage {
  triage: MediaTriageService;
  marks: MediaMarkService;
}

/** The staff side of media triage over one database, seeing items through `visibility` (case records' compartments). */
export function openMediaTriage(db: Db, media: MediaItemService, visibility: MediaVisibility, audit: AuditRepository): MediaTriage {
  const catalogue = new MediaCatalogueRepository(db as Kysely<unknown>);
  const marks = new MediaMarkRepository(db as Kysely<unknown>);
  return {
    triage: new MediaTriageService(media, catalogue, marks, visibility, new DerivedViewRepository(db as Kysely<unknown>)),
    marks: new MediaMarkService(marks, visibility, catalogue, audit, new UnitOfWork(db)),
  };
}
