export type Role = 'admin' | 'investigator' | 'editor' | 'viewer';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  secondFactor: boolean;
  disabled: boolean;
}

export interface Me {
  user: User;
  compartments: string[];
}

export interface SessionReply {
  secondFactor: 'verify' | 'enrol' | 'none';
  user: User;
}

export type PersonRef = { id: string; name: string; kinds: string[] } | { restricted: true };

export interface FacilityRef {
  id: string;
  nameRu: string;
  nameEn: string;
  region: string;
}

export interface Facility extends FacilityRef {
  version: number;
  type: string;
  administration: string;
  latitude: number | null;
  longitude: number | null;
}

export interface FacilityInput {
  nameRu: string;
  nameEn: string;
  type: string;
  region: string;
  administration?: string;
  latitude?: number | null;
  longitude?: number | null;
}

export interface ActType {
  id: string;
  version: number;
  parentId: string | null;
  labelRu: string;
  labelEn: string;
  sort: number;
}

export interface IncidentHit {
  id: string;
  titleRu: string;
  titleEn: string;
  dateStart: string | null;
  datePrecision: string;
  facility: FacilityRef | null;
  restricted: boolean;
  score: number;
}

export type FacetName = 'facility' | 'region' | 'actType' | 'year' | 'intervention' | 'hasEvidence';

export interface SearchResult {
  total: number;
  hits: IncidentHit[];
  facets: Record<FacetName, Array<{ value: string; count: number }>>;
}

export interface IncidentInput {
  titleRu: string;
  titleEn: string;
  descriptionRu?: string;
  descriptionEn?: string;
  dateStart?: string | null;
  dateEnd?: string | null;
  datePrecision: string;
  facilityId?: string | null;
  place?: string;
  documentationStatus: string;
  compartmentId?: string | null;
}

export interface Incident {
  id: string;
  version: number;
  compartmentId: string | null;
  titleRu: string;
  titleEn: string;
  descriptionRu: string;
  descriptionEn: string;
  dateStart: string | null;
  dateEnd: string | null;
  datePrecision: string;
  place: string;
  documentationStatus: string;
  createdAt: string;
  updatedAt: string;
}

export interface Act {
  id: string;
  version: number;
  actType: { id: string; labelRu: string; labelEn: string };
  victim: PersonRef | null;
  descriptionRu: string;
  descriptionEn: string;
  perpetrators: Array<{ person: PersonRef; degree: string; note: string }>;
}

export interface ActInput {
  actTypeId: string;
  victimId?: string | null;
  descriptionRu?: string;
  descriptionEn?: string;
  perpetrators?: Array<{ personId: string; degree: string; note?: string }>;
}

/** A box on the frame, in fractions (0–1) of its width and height, from the top left. */
export interface EvidenceBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EvidenceLink {
  id: string;
  itemId: string;
  actId: string | null;
  mediaType: string;
  size: number;
  sha256: string;
  startSeconds: number | null;
  endSeconds: number | null;
  box: EvidenceBox | null;
  note: string;
}

export interface Intervention {
  id: string;
  version: number;
  kind: string;
  status: string;
  person: PersonRef | null;
  caseNumber: string;
  article: string;
  body: string;
  openedOn: string | null;
  descriptionRu: string;
  descriptionEn: string;
  history: Array<{ status: string; changedOn: string | null; note: string; recordedAt: string }>;
}

export interface InterventionInput {
  kind: string;
  status: string;
  statusDate?: string | null;
  statusNote?: string;
  personId?: string | null;
  caseNumber?: string;
  article?: string;
  body?: string;
  openedOn?: string | null;
  descriptionRu?: string;
  descriptionEn?: string;
}

export interface IncidentLink {
  id: string;
  direction: 'to' | 'from';
  incidentId: string;
  titleRu: string;
  titleEn: string;
  relation: string;
  note: string;
}

export interface IncidentPage {
  incident: Incident;
  facility: (FacilityRef & { type: string; latitude: number | null; longitude: number | null }) | null;
  acts: Act[];
  evidence: EvidenceLink[];
  interventions: Intervention[];
  links: IncidentLink[];
}

export interface PersonSummary {
  id: string;
  name: string;
  kinds: string[];
}

export interface Position {
  title: string;
  rank?: string;
  unit?: string;
  facilityId?: string | null;
  fromDate?: string | null;
  toDate?: string | null;
}

export interface PersonInput {
  kinds: string[];
  names: Array<{ name: string; kind: string }>;
  birthDate?: string | null;
  positions?: Position[];
  notesRu?: string;
  notesEn?: string;
  compartmentId?: string | null;
}

export interface Person {
  id: string;
  version: number;
  compartmentId: string | null;
  kinds: string[];
  names: Array<{ name: string; kind: string; script: string }>;
  birthDate: string | null;
  positions: Array<{ title: string; rank: string; unit: string; facilityId: string | null; fromDate: string | null; toDate: string | null }>;
  documents: Array<{ kind: string; number: string; issuedBy: string; issuedOn: string | null }>;
  notesRu: string;
  notesEn: string;
  incidents: string[];
}

export interface VaultItem {
  id: string;
  sha256: string;
  size: number;
  mediaType: string;
  createdAt: string;
  batchId: string;
  verifiedAt: string | null;
  /** The last check's result, e.g. `intact`. */
  verification?: string | null;
}

export interface VaultItemPage {
  item: VaultItem;
  /** Why the item is hidden outside a compartment: its own compartments, archives it holds or was found in. */
  restriction: { compartments: string[]; heldItems: boolean; insideRestricted: boolean };
  sources: Array<{ location: string; archiveFormat: string | null; size: number; mtime: string | null }>;
  incidents: Array<{ id: string; titleRu: string; titleEn: string }>;
}

export interface Batch {
  id: string;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  roots: string[];
  /** The roots hold evidence the caller may not see: roots are empty, counts cover what they may see. */
  rootsWithheld: boolean;
  itemsNew: number;
  itemsDuplicate: number;
  itemsResumed: number | null;
  bytes: number;
  problems: number | null;
}

export interface Compartment {
  id: string;
  name: string;
  description: string;
  members: string[];
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

export interface ImportResult {
  imported: number;
  errors: Array<{ line: number; field: string; message: string }>;
}

/** Secure intake: text a source or the organisation wrote in both languages. */
export interface Localised {
  ru: string;
  en: string;
}

export type IntakeQuestionKind = 'text' | 'long-text' | 'choice';

export interface IntakeQuestion {
  id: string;
  kind: IntakeQuestionKind;
  label: Localised;
  help?: Localised;
  options?: Localised[];
  required: boolean;
}

export interface IntakeAnswer {
  questionId: string;
  label: Localised;
  answer: string;
}

export type IntakeFileState = 'uploading' | 'awaiting-manifest' | 'complete' | 'rejected' | 'imported' | 'damaged';

export interface IntakeFile {
  id: string;
  state: IntakeFileState;
  name: string | null;
  size: number | null;
  mediaType: string | null;
  sha256: string | null;
  ciphertextSize: number;
  receivedBytes: number;
  itemId: string | null;
  problem: string | null;
  via: 'browser' | 'form';
}

export type IntakeSubmissionState = 'open' | 'imported' | 'partly-imported';

export interface IntakeSubmissionSummary {
  id: string;
  /** YYYY-MM-DD: the intake keeps no finer time. */
  receivedDay: string;
  state: IntakeSubmissionState;
  fileCount: number;
  completeFiles: number;
  /** Ciphertext bytes stored on the intake. */
  bytes: number;
  messageCount: number;
  expiresDay: string | null;
}

export interface IntakeMessage {
  id: string;
  from: 'source' | 'staff';
  day: string;
  body: string;
  author: string | null;
}

export interface IntakeImportStatus {
  state: 'running' | 'finished' | 'failed' | 'interrupted';
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  /** itemId null: the item is one the caller may not see. */
  imported: Array<{ fileId: string; itemId: string | null; status: 'new' | 'duplicate' }>;
  problems: Array<{ fileId: string; reason: string }>;
  error: string | null;
}

export interface IntakeSubmissionDetail extends IntakeSubmissionSummary {
  answers: IntakeAnswer[];
  files: IntakeFile[];
  messages: IntakeMessage[];
  import: IntakeImportStatus | null;
}
