import type { RoleName as Role } from '../shared/index.js';
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Sizes and indexes are BIGINT in PostgreSQL and INTEGER in SQLite; both arrive as JS numbers. */
type BigIntColumn = ColumnType<number, number, number>;

export interface IngestBatchTable {
  id: string;
  started_at: string;
  finished_at: string | null;
  status: 'running' | 'finished' | 'interrupted' | 'failed';
  roots: string; // JSON array of the paths given
  items_new: BigIntColumn;
  items_duplicate: BigIntColumn;
  items_resumed: BigIntColumn;
  bytes: BigIntColumn;
  problems: BigIntColumn;
}

export interface ItemTable {
  id: string;
  sha256: string;
  size: BigIntColumn;
  blob_name: string;
  media_type: string;
  batch_id: string;
  ingest_leaf: BigIntColumn;
  created_at: string;
}

export interface ItemSourceTable {
  id: string;
  item_id: string;
  batch_id: string;
  /** Hash of file, entry, location, size and mtime (see sourceKeyOf): the key that lets an interrupted ingest skip what it already stored. */
  source_key: string;
  location: string;
  file_path: string;
  entry_path: string | null;
  archive_format: string | null;
  size: BigIntColumn;
  mtime: string | null;
  atime: string | null;
  ctime: string | null;
  birthtime: string | null;
  found_at: string;
  /** The last part of `location`, and it in lower case to sort by (migration 0016); the vault fills both as it records a place. */
  name: Generated<string>;
  name_key: Generated<string>;
}

export interface IngestProblemTable {
  id: string;
  batch_id: string;
  location: string;
  kind: string;
  reason: string;
}

export interface CustodyHeadTable {
  id: number;
  size: BigIntColumn;
}

export interface CustodyLeafTable {
  idx: BigIntColumn;
  event: string;
  item_id: string | null;
  data: string;
  leaf_hash: string;
  created_at: string;
}

export interface CustodyNodeTable {
  level: number;
  idx: BigIntColumn;
  hash: string;
}

export interface CustodyCheckpointTable {
  id: string;
  tree_size: BigIntColumn;
  root_hash: string;
  note: string;
  timestamp_token: string | null;
  tsa_url: string | null;
  created_at: string;
}

/** Version, timestamps and soft delete, shared by every record staff edit. */
interface EditableColumns {
  version: number;
  created_at: string;
  updated_at: string;
  created_by: string | null;
  deleted_at: string | null;
  deleted_by: string | null;
}

/** Spelled once, with the accounts' schemas. */
export type { Role };

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: number;
  /** The last TOTP time step accepted: a code is never accepted twice. */
  totp_last_step: ColumnType<number, number | undefined, number>;
  /** No longer used: failures are counted per bucket of names (`sign_in_failures`). */
  failed_logins: ColumnType<number, number | undefined, number>;
  /** When a slowed account without an authenticator has its next password weighed. */
  locked_until: string | null;
  disabled_at: string | null;
  created_at: string;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  second_factor: number;
  created_at: string;
  expires_at: string;
}

export interface CompartmentTable {
  id: string;
  name: string;
  description: string;
  created_at: string;
}

export interface CompartmentMemberTable {
  compartment_id: string;
  user_id: string;
}

/** A vault item that belongs to a compartment until an administrator releases it. */
export interface ItemRestrictionTable {
  item_id: string;
  compartment_id: string;
  created_at: string;
  created_by: string | null;
}

/** Failed sign-ins in a row for every name that falls in the bucket, accounts and other names alike. */
export interface SignInFailureTable {
  bucket: number;
  failures: number;
}

export interface AuditLogTable {
  id: string;
  at: string;
  user_id: string | null;
  action: string;
  record_type: string;
  record_id: string | null;
  detail: string;
}

export interface ActTypeTable extends EditableColumns {
  id: string;
  parent_id: string | null;
  label_ru: string;
  label_en: string;
  sort: number;
}

export interface FacilityTable extends EditableColumns {
  id: string;
  name_ru: string;
  name_en: string;
  type: string;
  region: string;
  administration: string;
  latitude: number | null;
  longitude: number | null;
}

export interface PersonTable extends EditableColumns {
  id: string;
  compartment_id: string | null;
  kinds: string; // JSON array of person kinds
  birth_date: string | null;
  birth_date_precision: string | null;
  notes_ru: string;
  notes_en: string;
}

export interface PersonNameTable {
  id: string;
  person_id: string;
  name: string;
  kind: string;
  script: string;
  position: number;
}

export interface PersonPositionTable {
  id: string;
  person_id: string;
  title: string;
  rank: string;
  unit: string;
  facility_id: string | null;
  from_date: string | null;
  to_date: string | null;
  position: number;
}

export interface PersonDocumentTable {
  id: string;
  person_id: string;
  kind: string;
  number: string;
  issued_by: string;
  issued_on: string | null;
  position: number;
}

export interface IncidentTable extends EditableColumns {
  id: string;
  compartment_id: string | null;
  title_ru: string;
  title_en: string;
  description_ru: string;
  description_en: string;
  date_start: string | null;
  date_end: string | null;
  date_precision: string;
  year: number | null;
  facility_id: string | null;
  place: string;
  documentation_status: string;
}

/** A short free tag on an incident (migration 0016). */
export interface IncidentTagTable {
  incident_id: string;
  tag: string;
}

export interface ActTable extends EditableColumns {
  id: string;
  incident_id: string;
  victim_id: string | null;
  act_type_id: string;
  description_ru: string;
  description_en: string;
}

export interface InvolvementTable {
  id: string;
  act_id: string;
  perpetrator_id: string;
  degree: string;
  note: string;
}

export interface EvidenceLinkTable extends EditableColumns {
  id: string;
  incident_id: string;
  act_id: string | null;
  item_id: string;
  start_seconds: number | null;
  end_seconds: number | null;
  box: string | null; // JSON {x, y, width, height}, fractions of the frame
  note: string;
}

export interface InterventionTable extends EditableColumns {
  id: string;
  incident_id: string;
  kind: string;
  status: string;
  person_id: string | null;
  case_number: string;
  article: string;
  body: string;
  opened_on: string | null;
  description_ru: string;
  description_en: string;
}

export interface InterventionStatusTable {
  id: string;
  intervention_id: string;
  status: string;
  changed_on: string | null;
  note: string;
  recorded_at: string;
  recorded_by: string | null;
}

export interface IncidentLinkTable {
  id: string;
  from_incident_id: string;
  to_incident_id: string;
  relation: string;
  note: string;
  created_at: string;
}

export interface SearchTermTable {
  term: string;
  doc_type: 'incident' | 'person';
  doc_id: string;
  weight: number;
}

export interface SearchHeadTable {
  id: number;
  seq: BigIntColumn;
}

export interface SearchChangeTable {
  seq: BigIntColumn;
  doc_type: 'incident' | 'person';
  doc_id: string;
  at: string;
}

export interface VigilDatabase {
  ingest_batches: IngestBatchTable;
  items: ItemTable;
  item_sources: ItemSourceTable;
  ingest_problems: IngestProblemTable;
  custody_head: CustodyHeadTable;
  custody_leaves: CustodyLeafTable;
  custody_nodes: CustodyNodeTable;
  custody_checkpoints: CustodyCheckpointTable;
  users: UserTable;
  sessions: SessionTable;
  compartments: CompartmentTable;
  compartment_members: CompartmentMemberTable;
  audit_log: AuditLogTable;
  sign_in_failures: SignInFailureTable;
  item_restrictions: ItemRestrictionTable;
  act_types: ActTypeTable;
  facilities: FacilityTable;
  people: PersonTable;
  person_names: PersonNameTable;
  person_positions: PersonPositionTable;
  person_documents: PersonDocumentTable;
  incidents: IncidentTable;
  incident_tags: IncidentTagTable;
  acts: ActTable;
  involvements: InvolvementTable;
  evidence_links: EvidenceLinkTable;
  interventions: InterventionTable;
  intervention_statuses: InterventionStatusTable;
  incident_links: IncidentLinkTable;
  search_terms: SearchTermTable;
  search_head: SearchHeadTable;
  search_changes: SearchChangeTable;
}

export type Item = Selectable<ItemTable>;
export type NewItem = Insertable<ItemTable>;
export type ItemSource = Selectable<ItemSourceTable>;
export type NewItemSource = Insertable<ItemSourceTable>;
export type IngestBatch = Selectable<IngestBatchTable>;
export type CustodyLeaf = Selectable<CustodyLeafTable>;
export type CustodyCheckpointRow = Selectable<CustodyCheckpointTable>;
export type User = Selectable<UserTable>;
export type Facility = Selectable<FacilityTable>;
export type ActType = Selectable<ActTypeTable>;
export type Person = Selectable<PersonTable>;
export type Incident = Selectable<IncidentTable>;
export type Act = Selectable<ActTable>;
export type Intervention = Selectable<InterventionTable>;
export type EvidenceLink = Selectable<EvidenceLinkTable>;
