import { AccountRepository } from '../accounts/index.js';
import { AccountService } from '../accounts/index.js';
import type { PasswordCost } from '../accounts/index.js';
import { AuditRepository } from '../audit/index.js';
import { UnitOfWork, type Db } from '../db/index.js';
import { ActTypeRepository } from './act-type-repository.js';
import { AuditTitles } from './audit-titles.js';
import { AuditTrail } from './audit-trail.js';
import { ActTypeService } from './act-type-service.js';
import { CompartmentCarry } from './compartment-carry.js';
import { CsvService } from './csv/csv-service.js';
import { FacilityRepository } from './facility-repository.js';
import { FacilityService } from './facility-service.js';
import { IncidentPartsRepository } from './incident-parts-repository.js';
import { IncidentPartsService } from './incident-parts-service.js';
import { EvidenceRepository } from './evidence-repository.js';
import { CaseItemVisibility } from './case-item-visibility.js';
import { ItemReleaseService } from './item-release-service.js';
import { ItemRestrictionRepository } from './item-restriction-repository.js';
import { RestrictedEvidence } from './restricted-evidence.js';
import type { VaultPort } from './vault-port.js';
import { IncidentRepository } from './incident-repository.js';
import { IncidentService } from './incident-service.js';
import { PersonRepository } from './person-repository.js';
import { PersonService } from './person-service.js';
import { SearchIndexer } from './search/search-indexer.js';
import { SearchRepository } from './search/search-repository.js';
import { SearchService } from './search/search-service.js';
import { IncidentBulk } from './incident-bulk.js';
import { StatisticsService } from './search/statistics-service.js';
import { LiveSearchIndex } from './search/live-index.js';
import { SearchIndexSource } from './search/search-index-source.js';
import { ItemBrowser } from '../vault/index.js';
import { IncidentFollows } from './incident-follows.js';
import { IncidentTagRepository } from './incident-tag-repository.js';
import { IncidentTagService } from './incident-tags.js';

/** The services of accounts and case records over one database. */
export interface Cases {
  accounts: AccountService;
  audit: AuditRepository;
  /** The audit trail as an administrator may see it, within their compartments. */
  auditTrail: AuditTrail;
  actTypes: ActTypeService;
  facilities: FacilityService;
  people: PersonService;
  incidents: IncidentService;
  /** Short free tags on incidents, and the choices a tag picker offers. */
  tags: IncidentTagService;
  /** Several incidents at once, each through the single incident's path. */
  incidentBulk: IncidentBulk;
  parts: IncidentPartsService;
  search: SearchService;
  /** Incidents counted by facility, region, year, act type and outcome, within the viewer's compartments. */
  statistics: StatisticsService;
  /** The vault's item browser and player, seeing items through case records' compartments. */
  vaultItems: ItemBrowser;
  /** An administrator lifts an item's compartment restrictions. */
  itemRelease: ItemReleaseService;
  csv: CsvService;
  /** Who follows which incident, and what changed in those a person follows. */
  follows: IncidentFollows;
}

export interface CasesOptions {
  organisation: string;
  passwordCost?: PasswordCost;
  /** The organisation's age identity once the server is unlocked; null while it is locked. */
  identity?: () => string | null;
}

export function openCases(db: Db, vault: VaultPort, options: CasesOptions): Cases {
  const uow = new UnitOfWork(db);
  const accountRepo = new AccountRepository(db);
  const audit = new AuditRepository(db);
  const incidentRepo = new IncidentRepository(db);
  const partsRepo = new IncidentPartsRepository(db);
  const personRepo = new PersonRepository(db);
  const facilityRepo = new FacilityRepository(db);
  const actTypeRepo = new ActTypeRepository(db);
  const searchRepo = new SearchRepository(db);
  const indexSource = new SearchIndexSource(db);
  const live = new LiveSearchIndex(indexSource);
  const tagRepo = new IncidentTagRepository(db);
  const indexer = new SearchIndexer(incidentRepo, partsRepo, personRepo, facilityRepo, actTypeRepo, searchRepo, tagRepo, live, uow);
  const carry = new CompartmentCarry(incidentRepo, partsRepo, personRepo, indexer);
  const evidenceRepo = new EvidenceRepository(db);
  const restrictedEvidence = new RestrictedEvidence(evidenceRepo, audit, indexer);
  const people = new PersonService(personRepo, incidentRepo, facilityRepo, accountRepo, audit, indexer, uow);
  const search = new SearchService(personRepo, audit, live, indexSource, tagRepo);
  const incidents = new IncidentService(
    incidentRepo,
    partsRepo,
    personRepo,
    facilityRepo,
    actTypeRepo,
    accountRepo,
    audit,
    indexer,
    carry,
    evidenceRepo,
    restrictedEvidence,
    uow,
    tagRepo,
  );
  const tags = new IncidentTagService(incidents, incidentRepo, tagRepo, search, audit, indexer, uow);
  const auditTrail = new AuditTrail(audit, incidentRepo, personRepo, evidenceRepo, new AuditTitles(db, personRepo));
  return {
    accounts: new AccountService(accountRepo, audit, options.organisation, options.passwordCost),
    audit,
    auditTrail,
    actTypes: new ActTypeService(actTypeRepo, incidentRepo, audit, indexer, uow),
    facilities: new FacilityService(facilityRepo, incidentRepo, audit, indexer, uow),
    people,
    incidents,
    tags,
    incidentBulk: new IncidentBulk(incidents, tags, accountRepo),
    parts: new IncidentPartsService(
      incidents,
      incidentRepo,
      partsRepo,
      personRepo,
      actTypeRepo,
      vault,
      evidenceRepo,
      restrictedEvidence,
      audit,
      indexer,
      carry,
      uow,
    ),
    search,
    statistics: new StatisticsService(live),
    csv: new CsvService(incidents, people, search, audit, uow, tags),
    vaultItems: new ItemBrowser(vault, new CaseItemVisibility(evidenceRepo, audit), options.identity ?? (() => null)),
    follows: new IncidentFollows(db, incidents, auditTrail),
    itemRelease: new ItemReleaseService(evidenceRepo, new ItemRestrictionRepository(db), restrictedEvidence, uow),
  };
}
