// The db module's contract: everything other modules may use of it.
export { openDatabase, openKysely, type Db, type OpenDatabase } from './database.js';
export { newId } from './ids.js';
export { afterCommit, AfterCommitError, currentExecutor, inTransaction, runInTransaction, UnitOfWork, type AfterCommit } from './unit-of-work.js';
export { migrateToLatest } from './migrate.js';
export { migrateSideBySide } from './migrate-side-by-side.js';
export {
  type Act,
  type ActTable,
  type ActType,
  type ActTypeTable,
  type CustodyCheckpointRow,
  type CustodyLeaf,
  type EvidenceLink,
  type EvidenceLinkTable,
  type Facility,
  type FacilityTable,
  type Incident,
  type IncidentTable,
  type IngestBatch,
  type Intervention,
  type InterventionStatusTable,
  type InterventionTable,
  type InvolvementTable,
  type Item,
  type ItemSource,
  type NewItem,
  type NewItemSource,
  type Person,
  type PersonDocumentTable,
  type PersonNameTable,
  type PersonPositionTable,
  type PersonTable,
  type Role,
  type User,
  type VigilDatabase,
} from './schema.js';
