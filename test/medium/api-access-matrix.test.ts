import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Viewer } from '../../src/accounts/viewer.js';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Role } from '../../src/db/schema.js';
import { buildServer } from '../../src/server/app.js';
import { MediaAnalysisRepository, MediaItemService, openMediaTriage } from '../../src/media/index.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { openIntake, type Intake } from '../../src/intake/open-intake.js';
import { DEFAULT_QUESTIONS } from '../../src/intake/questionnaire.js';
import type { SourceSession } from '../../src/intake/source-sessions.js';
import { openIntakeStaff, type IntakeStaff } from '../../src/inbox/open-inbox.js';
import type { JobQueue } from '../../src/jobs/index.js';
import { importQueue, workImports } from '../helpers/intake-jobs.js';
import type { IngestService } from '../../src/vault/ingest/ingest-service.js';
import type { CustodyService } from '../../src/custody/custody-service.js';
import type { App } from '../../src/server/app-types.js';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { VaultPort } from '../../src/cases/vault-port.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { ApiClient, signedInClient } from '../helpers/api-client.js';
import { itemsOnlyVault } from '../helpers/vault-stub.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

/**
 * Every API route × every role × an unrestricted and a restricted record. The expectations are
 * written out here, not derived from the code's permission table, and every route the server
 * registers must have one: a new route without a rule fails this test.
 */

const ALL: Role[] = ['admin', 'investigator', 'editor', 'viewer'];
const EDIT: Role[] = ['admin', 'investigator', 'editor'];
const DELETE: Role[] = ['admin', 'investigator'];
const ADMIN: Role[] = ['admin'];
const EVIDENCE: Role[] = ['admin', 'investigator', 'editor'];
/** The tests that build a fixture per route and role: minutes on a busy machine. */
const LONG = 600_000;

/** A fresh set of records for one request, in the open or inside a compartment none of the callers belong to. */
interface Fixture {
  /** A word only this fixture's records contain, to find them in lists. */
  token: string;
  incident: string;
  otherIncident: string;
  thirdIncident: string;
  person: string;
  deletedPerson: string;
  act: string;
  actType: string;
  spareCompartment: string;
  /** A compartment every caller belongs to, to restrict records to. */
  callersCompartment: string;
  intervention: string;
  evidence: string;
  link: string;
  facility: string;
  compartment: string | null;
  user: string;
  item: string;
  submission: string;
}

/**
 * What happens to a restricted record's route for a caller outside the compartment:
 * `hidden` 404; `absent` 200 without the record; `refused` any 4xx; `same` as for open records.
 */
type Restricted = 'hidden' | 'absent' | 'refused' | 'same';

interface Expectation {
  allow: Role[] | 'public' | 'pending' | 'signed-in';
  restricted: Restricted;
  request: (f: Fixture) => { url: string; body?: unknown; absentId?: string; headers?: Record<string, string> };
}

const incidentBody = (f: Fixture) => ({
  titleRu: `Тест ${f.token}`,
  titleEn: 'Test',
  datePrecision: 'day',
  dateStart: '2025-01-02',
  documentationStatus: 'reported',
  compartmentId: f.compartment,
});
const personBody = (f: Fixture) => ({ kinds: ['victim'], names: [{ name: `Пострадавший ${f.token}`, kind: 'official' }], compartmentId: f.compartment });
const facilityBody = { nameRu: 'ИК-0', nameEn: 'IK-0', type: 'penal-colony', region: 'Вымышленная область' };

const EXPECTED: Record<string, Expectation> = {
  'GET /api/auth/csrf': { allow: 'public', restricted: 'same', request: () => ({ url: '/api/auth/csrf' }) },
  'POST /api/auth/login': { allow: 'public', restricted: 'same', request: () => ({ url: '/api/auth/login', body: { username: 'x', password: 'y' } }) },
  'POST /api/auth/second-factor': { allow: 'pending', restricted: 'same', request: () => ({ url: '/api/auth/second-factor', body: { code: '123456' } }) },
  'POST /api/auth/enrol': { allow: 'pending', restricted: 'same', request: () => ({ url: '/api/auth/enrol' }) },
  'POST /api/auth/enrol/confirm': { allow: 'pending', restricted: 'same', request: () => ({ url: '/api/auth/enrol/confirm', body: { code: '123456' } }) },
  'GET /api/auth/me': { allow: 'signed-in', restricted: 'same', request: () => ({ url: '/api/auth/me' }) },
  'GET /api/auth/compartments': { allow: 'signed-in', restricted: 'same', request: () => ({ url: '/api/auth/compartments' }) },
  'POST /api/auth/logout': { allow: 'signed-in', restricted: 'same', request: () => ({ url: '/api/auth/logout' }) },

  'GET /api/incidents': { allow: ALL, restricted: 'absent', request: (f) => ({ url: `/api/incidents?q=${f.token}`, absentId: f.incident }) },
  'GET /api/statistics/incidents': { allow: ALL, restricted: 'same', request: () => ({ url: '/api/statistics/incidents' }) },
  'POST /api/incidents': { allow: EDIT, restricted: 'refused', request: (f) => ({ url: '/api/incidents', body: incidentBody(f) }) },
  'GET /api/incidents/:id': { allow: ALL, restricted: 'hidden', request: (f) => ({ url: `/api/incidents/${f.incident}` }) },
  'PUT /api/incidents/:id': {
    allow: EDIT,
    restricted: 'hidden',
    request: (f) => ({ url: `/api/incidents/${f.incident}`, body: { version: 1, data: incidentBody(f) } }),
  },
  // Answers 200 on a hidden incident too: its outcome there is not-found, as for an id that does not exist (see incident-bulk.test.ts).
  'POST /api/incidents/bulk/restrict': {
    allow: ['admin', 'investigator'],
    restricted: 'same',
    request: (f) => ({ url: '/api/incidents/bulk/restrict', body: { ids: [f.incident], compartmentId: f.callersCompartment } }),
  },
  'DELETE /api/incidents/:id': { allow: DELETE, restricted: 'hidden', request: (f) => ({ url: `/api/incidents/${f.incident}?version=1` }) },
  'GET /api/incidents/:id/follow': { allow: ALL, restricted: 'hidden', request: (f) => ({ url: `/api/incidents/${f.incident}/follow` }) },
  'PUT /api/incidents/:id/follow': {
    allow: ALL,
    restricted: 'hidden',
    request: (f) => ({ url: `/api/incidents/${f.incident}/follow`, body: { following: true } }),
  },
  'POST /api/incidents/:id/restore': { allow: ADMIN, restricted: 'hidden', request: (f) => ({ url: `/api/incidents/${f.otherIncident}/restore` }) },
  'POST /api/incidents/:id/acts': {
    allow: EDIT,
    restricted: 'hidden',
    request: (f) => ({ url: `/api/incidents/${f.incident}/acts`, body: { actTypeId: 'humiliation' } }),
  },
  'PUT /api/acts/:id': {
    allow: EDIT,
    restricted: 'hidden',
    request: (f) => ({ url: `/api/acts/${f.act}`, body: { version: 1, data: { actTypeId: 'beating' } } }),
  },
  'DELETE /api/acts/:id': { allow: DELETE, restricted: 'hidden', request: (f) => ({ url: `/api/acts/${f.act}` }) },
  'POST /api/incidents/:id/interventions': {
    allow: EDIT,
    restricted: 'hidden',
    request: (f) => ({ url: `/api/incidents/${f.incident}/interventions`, body: { kind: 'complaint', status: 'filed' } }),
  },
  'PUT /api/interventions/:id': {
    allow: EDIT,
    restricted: 'hidden',
    request: (f) => ({ url: `/api/interventions/${f.intervention}`, body: { version: 1, data: { kind: 'complaint', status: 'refused' } } }),
  },
  'DELETE /api/interventions/:id': { allow: DELETE, restricted: 'hidden', request: (f) => ({ url: `/api/interventions/${f.intervention}` }) },
  'POST /api/incidents/:id/evidence': {
    allow: EDIT,
    restricted: 'hidden',
    request: (f) => ({ url: `/api/incidents/${f.incident}/evidence`, body: { itemId: f.item } }),
  },
  'DELETE /api/evidence-links/:id': { allow: DELETE, restricted: 'hidden', request: (f) => ({ url: `/api/evidence-links/${f.evidence}` }) },
  'POST /api/incidents/:id/links': {
    allow: EDIT,
    restricted: 'hidden',
    request: (f) => ({ url: `/api/incidents/${f.thirdIncident}/links`, body: { toIncidentId: f.incident, relation: 'led-to' } }),
  },
  'DELETE /api/incident-links/:id': { allow: DELETE, restricted: 'hidden', request: (f) => ({ url: `/api/incident-links/${f.link}` }) },

  'GET /api/people': { allow: ALL, restricted: 'absent', request: (f) => ({ url: `/api/people?q=${f.token}`, absentId: f.person }) },
  'POST /api/people': { allow: EDIT, restricted: 'refused', request: (f) => ({ url: '/api/people', body: personBody(f) }) },
  'GET /api/people/:id': { allow: ALL, restricted: 'hidden', request: (f) => ({ url: `/api/people/${f.person}` }) },
  'PUT /api/people/:id': { allow: EDIT, restricted: 'hidden', request: (f) => ({ url: `/api/people/${f.person}`, body: { version: 1, data: personBody(f) } }) },
  'DELETE /api/people/:id': { allow: DELETE, restricted: 'hidden', request: (f) => ({ url: `/api/people/${f.person}?version=1` }) },
  'POST /api/people/:id/restore': { allow: ADMIN, restricted: 'hidden', request: (f) => ({ url: `/api/people/${f.deletedPerson}/restore` }) },

  'GET /api/facilities': { allow: ALL, restricted: 'same', request: () => ({ url: '/api/facilities' }) },
  'POST /api/facilities': { allow: EDIT, restricted: 'same', request: () => ({ url: '/api/facilities', body: facilityBody }) },
  'GET /api/facilities/:id': { allow: ALL, restricted: 'same', request: (f) => ({ url: `/api/facilities/${f.facility}` }) },
  'PUT /api/facilities/:id': {
    allow: EDIT,
    restricted: 'same',
    request: (f) => ({ url: `/api/facilities/${f.facility}`, body: { version: 1, data: facilityBody } }),
  },
  'DELETE /api/facilities/:id': { allow: DELETE, restricted: 'same', request: (f) => ({ url: `/api/facilities/${f.facility}?version=1` }) },

  'GET /api/act-types': { allow: ALL, restricted: 'same', request: () => ({ url: '/api/act-types' }) },
  'POST /api/act-types': {
    allow: ADMIN,
    restricted: 'same',
    request: (f) => ({ url: '/api/act-types', body: { id: `t-${f.user.slice(-8)}`, labelRu: 'Тест', labelEn: 'Test' } }),
  },
  'PUT /api/act-types/:id': {
    allow: ADMIN,
    restricted: 'same',
    request: (f) => ({ url: `/api/act-types/${f.actType}`, body: { version: 1, data: { labelRu: 'Другое', labelEn: 'Other' } } }),
  },

  'GET /api/vault/items': {
    allow: EVIDENCE,
    restricted: 'absent',
    request: (f) => ({ url: `/api/vault/items?limit=5&after=${f.item.slice(0, -1)}`, absentId: f.item }),
  },
  'GET /api/vault/search': { allow: EVIDENCE, restricted: 'absent', request: (f) => ({ url: `/api/vault/search?q=${f.item}`, absentId: f.item }) },
  'GET /api/vault/items/:id': { allow: EVIDENCE, restricted: 'hidden', request: (f) => ({ url: `/api/vault/items/${f.item}` }) },
  'GET /api/vault/items/:id/content': { allow: EVIDENCE, restricted: 'hidden', request: (f) => ({ url: `/api/vault/items/${f.item}/content` }) },
  'GET /api/vault/batches': { allow: EVIDENCE, restricted: 'same', request: () => ({ url: '/api/vault/batches' }) },
  'POST /api/vault/items/:id/release': { allow: ADMIN, restricted: 'hidden', request: (f) => ({ url: `/api/vault/items/${f.item}/release` }) },

  'GET /api/intake/submissions': { allow: DELETE, restricted: 'same', request: () => ({ url: '/api/intake/submissions' }) },
  'GET /api/intake/submissions/:id': { allow: DELETE, restricted: 'same', request: (f) => ({ url: `/api/intake/submissions/${f.submission}` }) },
  'POST /api/intake/submissions/:id/import': {
    allow: DELETE,
    restricted: 'same',
    request: (f) => ({ url: `/api/intake/submissions/${f.submission}/import`, body: {} }),
  },
  'GET /api/intake/submissions/:id/import': { allow: DELETE, restricted: 'same', request: (f) => ({ url: `/api/intake/submissions/${f.submission}/import` }) },
  'DELETE /api/intake/submissions/:id': { allow: DELETE, restricted: 'same', request: (f) => ({ url: `/api/intake/submissions/${f.submission}` }) },
  'POST /api/intake/submissions/:id/messages': {
    allow: DELETE,
    restricted: 'same',
    request: (f) => ({ url: `/api/intake/submissions/${f.submission}/messages`, body: { body: 'a fictional reply' } }),
  },
  'GET /api/intake/case-choices': { allow: DELETE, restricted: 'same', request: () => ({ url: '/api/intake/case-choices' }) },
  'GET /api/intake/submissions/:id/case': { allow: DELETE, restricted: 'same', request: (f) => ({ url: `/api/intake/submissions/${f.submission}/case` }) },
  'PUT /api/intake/submissions/:id/assignee': {
    allow: DELETE,
    restricted: 'same',
    request: (f) => ({ url: `/api/intake/submissions/${f.submission}/assignee`, body: { assigneeId: null } }),
  },
  'PUT /api/intake/submissions/:id/status': {
    allow: DELETE,
    restricted: 'same',
    request: (f) => ({ url: `/api/intake/submissions/${f.submission}/status`, body: { status: 'in-review' } }),
  },
  'PUT /api/intake/submissions/:id/labels': {
    allow: DELETE,
    restricted: 'same',
    request: (f) => ({ url: `/api/intake/submissions/${f.submission}/labels`, body: { labels: ['fictional'] } }),
  },
  'POST /api/intake/submissions/:id/comments': {
    allow: DELETE,
    restricted: 'same',
    request: (f) => ({ url: `/api/intake/submissions/${f.submission}/comments`, body: { body: 'a fictional comment' } }),
  },
  'GET /api/intake/submissions/:id/items': { allow: DELETE, restricted: 'same', request: (f) => ({ url: `/api/intake/submissions/${f.submission}/items` }) },
  'GET /api/intake/items/:id/answers': { allow: DELETE, restricted: 'hidden', request: (f) => ({ url: `/api/intake/items/${f.item}/answers` }) },
  'GET /api/intake/questionnaire': { allow: DELETE, restricted: 'same', request: () => ({ url: '/api/intake/questionnaire' }) },
  'PUT /api/intake/questionnaire': {
    allow: ADMIN,
    restricted: 'same',
    request: () => ({ url: '/api/intake/questionnaire', body: { questions: DEFAULT_QUESTIONS } }),
  },
  'GET /api/intake/landing': { allow: DELETE, restricted: 'same', request: () => ({ url: '/api/intake/landing' }) },
  'PUT /api/intake/landing': {
    allow: ADMIN,
    restricted: 'same',
    request: () => ({ url: '/api/intake/landing', body: { organisation: 'Fictional Monitors', text: { ru: 'Текст', en: 'Text' } } }),
  },

  'GET /api/export/incidents.csv': { allow: EDIT, restricted: 'absent', request: (f) => ({ url: '/api/export/incidents.csv', absentId: f.incident }) },
  'GET /api/export/people.csv': { allow: EDIT, restricted: 'absent', request: (f) => ({ url: '/api/export/people.csv', absentId: f.person }) },
  'POST /api/import/incidents': {
    allow: DELETE,
    restricted: 'same',
    request: (f) => ({ url: '/api/import/incidents', body: `title_ru,title_en\nИмпорт ${f.token},Import\n`, headers: { 'content-type': 'text/csv' } }),
  },
  'POST /api/import/people': {
    allow: DELETE,
    restricted: 'same',
    request: (f) => ({ url: '/api/import/people', body: `kinds,names\nwitness,Свидетель ${f.token}\n`, headers: { 'content-type': 'text/csv' } }),
  },

  'GET /api/users': { allow: ADMIN, restricted: 'same', request: () => ({ url: '/api/users' }) },
  'POST /api/users': {
    allow: ADMIN,
    restricted: 'same',
    request: (f) => ({ url: '/api/users', body: { username: `u${f.user.slice(-10)}`, displayName: 'U', role: 'viewer', password: 'a long enough password' } }),
  },
  'PATCH /api/users/:id': { allow: ADMIN, restricted: 'same', request: (f) => ({ url: `/api/users/${f.user}`, body: { displayName: 'Renamed' } }) },
  'GET /api/compartments': { allow: ADMIN, restricted: 'same', request: () => ({ url: '/api/compartments' }) },
  'POST /api/compartments': { allow: ADMIN, restricted: 'same', request: (f) => ({ url: '/api/compartments', body: { name: `c-${f.user}` } }) },
  'PUT /api/compartments/:id/members': {
    allow: ADMIN,
    restricted: 'same',
    request: (f) => ({ url: `/api/compartments/${f.spareCompartment}/members`, body: { members: [f.user] } }),
  },
  'GET /api/media/items': { allow: EVIDENCE, restricted: 'same', request: () => ({ url: '/api/media/items?limit=1' }) },
  'GET /api/media/items/:id': { allow: EVIDENCE, restricted: 'hidden', request: (f) => ({ url: `/api/media/items/${f.item}` }) },
  'GET /api/media/progress': { allow: EVIDENCE, restricted: 'same', request: () => ({ url: '/api/media/progress' }) },
  'GET /api/media/duplicates': { allow: EVIDENCE, restricted: 'same', request: () => ({ url: '/api/media/duplicates' }) },
  'PUT /api/media/marks': {
    allow: EVIDENCE,
    restricted: 'hidden',
    request: (f) => ({ url: '/api/media/marks', body: { items: [f.item, 'itm_0000000000000001'], verdict: 'same' } }),
  },
  'GET /api/audit': { allow: ADMIN, restricted: 'same', request: () => ({ url: '/api/audit' }) },
  'GET /api/deleted': { allow: ADMIN, restricted: 'same', request: () => ({ url: '/api/deleted' }) },
};

/** Routes a plugin adds: the OpenAPI document and its browser. */
const isDocsRoute = (url: string) => url.startsWith('/api/docs');

describe('authorization matrix', () => {
  let testDb: TestDatabase;
  let database: OpenDatabase;
  let cases: Cases;
  let app: App;
  let intake: Intake;
  let intakeStaff: IntakeStaff;
  let jobs: JobQueue;
  let importer: { stop(): Promise<void> };
  let intakeDir: string | undefined;
  let intakeSource: SourceSession;
  const routes: Array<{ method: string; url: string }> = [];
  const unruled: string[] = [];
  const clients = new Map<Role, { client: ApiClient; userId: string }>();
  let member: Viewer;
  let compartment: string;
  let item: string;

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    database = openDatabase(testDb.target);
    await migrateToLatest(database.db);
    const items = new ItemRepository(database.db);
    await items.createBatch({ id: 'bat_0000000000000001', startedAt: new Date().toISOString(), roots: ['/x'] });
    item = 'itm_0000000000000001';
    await database.db.transaction().execute((trx) =>
      items.insertItems(trx, [
        {
          id: item,
          sha256: 'c'.repeat(64),
          size: 1,
          blob_name: 'd'.repeat(64),
          media_type: 'video/mp4',
          batch_id: 'bat_0000000000000001',
          ingest_leaf: 0,
          created_at: new Date().toISOString(),
        },
      ]),
    );
    // A vault whose items are one byte of zero: enough to tell allowed from denied.
    const vault: VaultPort = {
      ...itemsOnlyVault(items),
      sourcesOf: async () => [],
      batches: async () => [],
      verifications: async () => new Map(),
      derivedViews: async () => new Map(),
      readRange: async () => Readable.from([Buffer.alloc(1)]),
    };
    cases = openCases(database.db, vault, { organisation: 'Matrix', passwordCost: { logN: 10 }, identity: () => 'AGE-SECRET-KEY-1NOT-USED-BY-THE-STUB' });
    await cases.actTypes.seed();
    intakeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-matrix-intake-'));
    const intakeIdentity = await generateX25519Identity();
    intake = await openIntake(loadIntakeConfig({}, intakeDir), [await identityToRecipient(intakeIdentity)]);
    const ingestStub = {
      ingestEntries: async () => ({ batchId: 'bat_stub', status: 'finished', itemsNew: 0, itemsDuplicate: 0, itemsResumed: 0, bytes: 0, problems: 0 }),
    } as unknown as IngestService;
    const custodyStub = { record: async () => [] } as unknown as CustodyService;
    intakeSource = (await intake.sources.create()).session;
    jobs = await importQueue(testDb.target, database.db);
    intakeStaff = openIntakeStaff(intake, ingestStub, custodyStub, () => intakeIdentity, jobs, database.db);
    importer = workImports(jobs, intakeStaff.imports);
    const mediaItems = new MediaItemService(
      { lend: () => Promise.reject(new Error('not lent')), describe: () => Promise.reject(new Error('not described')) },
      new MediaAnalysisRepository(database.db),
    );
    app = await buildServer({
      cases,
      intakeStaff,
      media: openMediaTriage(database.db, mediaItems, cases.vaultItems, cases.audit),
      organisation: 'Matrix',
      logLevel: 'silent',
      onRoute: (route: RouteOptions) => {
        if ((route.config as { access?: string } | undefined)?.access === undefined) unruled.push(`${String(route.method)} ${route.url}`);
        for (const method of [route.method].flat()) if (method !== 'HEAD' && route.url.startsWith('/api/')) routes.push({ method, url: route.url });
      },
    });
    await app.ready();
    for (const role of ALL) clients.set(role, await signedInClient(app, cases.accounts, role));
    const memberUser = await cases.accounts.createUser({
      username: 'member',
      displayName: 'Member',
      role: 'investigator',
      password: 'correct horse battery staple',
    });
    const bootstrap: Viewer = { userId: memberUser.id, role: 'admin', compartments: new Set() };
    compartment = (await cases.accounts.createCompartment(bootstrap, { name: 'Closed', description: '', members: [memberUser.id] })).id;
    member = { userId: memberUser.id, role: 'investigator', compartments: new Set([compartment]) };
    await cases.facilities.create(member, facilityBody as never);
  });
  afterAll(async () => {
    await app?.close();
    await importer?.stop();
    await jobs?.close();
    await intake?.close();
    if (intakeDir) fs.rmSync(intakeDir, { recursive: true, force: true });
    await database?.close();
    await testDb?.drop();
  });

  let fixtures = 0;
  async function fixture(restricted: boolean): Promise<Fixture> {
    const c = restricted ? compartment : null;
    // Letters only, one per decimal digit: unique, and one word to the search.
    const token = `zz${String(++fixtures).replace(/\d/g, (d) => 'qwertyuiop'[Number(d)]!)}`;
    const admin: Viewer = { ...member, role: 'admin' };
    const names = (name: string) => [{ name: `${name} ${token}`, kind: 'official' as const }];
    const person = (await cases.people.create(member, { kinds: ['victim'], names: names('Пострадавший'), compartmentId: c })).id;
    const deletedPerson = (await cases.people.create(member, { kinds: ['witness'], names: names('Свидетель'), compartmentId: c })).id;
    await cases.people.remove(member, deletedPerson, 1);
    const incident = (
      await cases.incidents.create(member, {
        titleRu: `Тест ${token}`,
        titleEn: 'Test',
        datePrecision: 'day',
        dateStart: '2025-01-02',
        documentationStatus: 'reported',
        compartmentId: c,
      })
    ).id;
    const otherIncident = (
      await cases.incidents.create(member, {
        titleRu: 'Другое',
        titleEn: 'Other',
        datePrecision: 'year',
        dateStart: '2024',
        documentationStatus: 'reported',
        compartmentId: c,
      })
    ).id;
    const thirdIncident = (
      await cases.incidents.create(member, {
        titleRu: 'Третье',
        titleEn: 'Third',
        datePrecision: 'approximate',
        documentationStatus: 'reported',
        compartmentId: c,
      })
    ).id;
    const act = (await cases.parts.addAct(member, incident, { actTypeId: 'beating', victimId: person })).id;
    const intervention = (await cases.parts.addIntervention(member, incident, { kind: 'complaint', status: 'filed' })).id;
    const item = `itm_${randomBytes(8).toString('hex')}`;
    await database.db.transaction().execute(async (trx) => {
      const items = new ItemRepository(database.db);
      const foundAt = new Date().toISOString();
      await items.insertItems(trx, [
        {
          id: item,
          sha256: randomBytes(32).toString('hex'),
          size: 1,
          blob_name: 'd'.repeat(64),
          media_type: 'video/mp4',
          batch_id: 'bat_0000000000000001',
          ingest_leaf: 0,
          created_at: foundAt,
        },
      ]);
      // Found in a leak (not as a derived view): an item of the media catalogue.
      await items.insertSources(trx, [
        {
          id: `src_${randomBytes(8).toString('hex')}`,
          item_id: item,
          batch_id: 'bat_0000000000000001',
          source_key: randomBytes(16).toString('hex'),
          location: `/leak/${token}.mp4`,
          file_path: `/leak/${token}.mp4`,
          entry_path: null,
          archive_format: null,
          size: 1,
          mtime: null,
          atime: null,
          ctime: null,
          birthtime: null,
          found_at: foundAt,
        },
      ]);
    });
    const evidence = (await cases.parts.linkEvidence(member, incident, { itemId: item })).id;
    const link = (await cases.parts.linkIncidents(member, incident, { toIncidentId: thirdIncident, relation: 'led-to' })).id;
    await cases.incidents.remove(member, otherIncident, 1);
    const user = (await cases.accounts.createUser({ username: `user-${token}`, displayName: 'X', role: 'viewer', password: 'correct horse battery staple' }))
      .id;
    const actType = (await cases.actTypes.create(admin, { id: `type-${token}`, labelRu: 'Тип', labelEn: 'Type' })).id;
    const spareCompartment = (await cases.accounts.createCompartment(admin, { name: `spare-${token}`, description: '', members: [] })).id;
    const callers = [...clients.values()].map((c) => c.userId);
    const callersCompartment = (await cases.accounts.createCompartment(admin, { name: `callers-${token}`, description: '', members: callers })).id;
    const freshFacility = (await cases.facilities.create(member, facilityBody as never)).id;
    const submission = await intake.submissions.create(intakeSource, {});
    await intakeStaff.imports.start(submission);
    await intakeStaff.imports.settled(submission);
    return {
      token,
      incident,
      otherIncident,
      thirdIncident,
      person,
      deletedPerson,
      act,
      actType,
      spareCompartment,
      callersCompartment,
      intervention,
      evidence,
      link,
      facility: freshFacility,
      compartment: c,
      user,
      item,
      submission,
    };
  }

  it('has an expectation for every route, and a route for every expectation', () => {
    const registered = routes.filter((r) => !isDocsRoute(r.url)).map((r) => `${r.method} ${r.url}`);
    expect(
      registered.filter((r) => !(r in EXPECTED)),
      'routes without a rule in this test',
    ).toEqual([]);
    expect(
      Object.keys(EXPECTED).filter((r) => !registered.includes(r)),
      'rules for routes that do not exist',
    ).toEqual([]);
    expect(routes.some((r) => r.url === '/api/docs/json')).toBe(true);
    expect(unruled, 'routes of any kind without an access rule').toEqual([]);
  });

  it('decides on the route that matched, however the URL is encoded', async () => {
    const anonymous = new ApiClient(app);
    for (const url of ['/%61pi/users', '/api/%75sers', '/%61pi/audit', '/%61pi/docs/json', '/api/users/', '/api//users']) {
      expect((await anonymous.request('GET', url)).statusCode, url).not.toBe(200);
    }
    const forged = await anonymous.request('POST', '/%61pi/users', {
      username: 'intruder',
      displayName: 'x',
      role: 'admin',
      password: 'a long enough password',
    });
    expect(forged.statusCode).toBe(401);
    const noCsrf = await app.inject({
      method: 'POST',
      url: '/%61pi/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"username":"x","password":"y"}',
    });
    expect(noCsrf.statusCode).toBe(403);
    expect((await cases.accounts.listUsers()).some((u) => u.username === 'intruder')).toBe(false);
  });

  it(
    'refuses every non-public route without a session',
    async () => {
      const anonymous = new ApiClient(app);
      for (const route of routes) {
        const expectation = EXPECTED[`${route.method} ${route.url}`];
        if (expectation?.allow === 'public' || route.url.includes('*')) continue;
        const f = await fixture(false);
        const request = expectation?.request(f);
        const response = await anonymous.request(route.method, request?.url ?? route.url, request?.body, request?.headers);
        expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      }
    },
    LONG,
  );

  it('answers an anonymous caller 401 before it reads any parameter, with or without a CSRF token', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const expectation = EXPECTED[`${route.method} ${route.url}`];
      if (expectation?.allow === 'public' || route.url.includes('*')) continue;
      // Every path parameter too long and of the wrong shape, an unknown query parameter, a body of the wrong shape.
      const url = `${route.url.replace(/:[a-z]+/gi, `${'!'.repeat(300)}`)}?limit=-1&unknown=1`;
      for (const withToken of [false, true]) {
        const anonymous = new ApiClient(app);
        if (withToken) await anonymous.fetchCsrf();
        const response = withToken
          ? await anonymous.request(route.method, url, route.method === 'GET' ? undefined : { unexpected: [1, 2, 3] })
          : await app.inject({
              method: route.method as 'GET',
              url,
              ...(route.method === 'GET' ? {} : { headers: { 'content-type': 'application/json' }, payload: '{"unexpected":' }),
            });
        if (response.statusCode !== 401 || /body|querystring|params|must /.test(response.body))
          failures.push(`${route.method} ${route.url}${withToken ? '' : ' (no CSRF token)'}: ${response.statusCode} ${response.body.slice(0, 160)}`);
      }
    }
    expect(failures).toEqual([]);
    // A parameter the router cannot decode: 401 without a session, and the URL is not echoed back.
    const badlyEncoded = await app.inject({ method: 'GET', url: '/api/incidents/%E0%A4%A' });
    expect(badlyEncoded.statusCode).toBe(401);
    expect(badlyEncoded.body).not.toContain('%E0');
    const signedIn = clients.get('admin')!.client;
    expect((await signedIn.request('GET', '/api/incidents/%E0%A4%A')).statusCode).toBe(404);
    expect((await new ApiClient(app).request('GET', '/api/no-such-route')).statusCode).toBe(404);
  });

  for (const variant of ['open', 'restricted'] as const) {
    it(
      `allows or denies every route for every role, on ${variant} records`,
      async () => {
        const failures: string[] = [];
        for (const [key, expectation] of Object.entries(EXPECTED)) {
          if (!Array.isArray(expectation.allow) && expectation.allow !== 'signed-in') continue;
          const [method] = key.split(' ') as [string];
          for (const role of ALL) {
            const f = await fixture(variant === 'restricted');
            const { url, body, absentId, headers } = expectation.request(f);
            const response = await clients.get(role)!.client.request(method, url, body, headers);
            const allowed = expectation.allow === 'signed-in' || expectation.allow.includes(role);
            const status = response.statusCode;
            let ok: boolean;
            if (!allowed) ok = status === 403;
            else if (variant === 'open' && absentId)
              ok = status === 200 && response.body.includes(absentId); // the list does show it when open
            else if (variant === 'open' || expectation.restricted === 'same') ok = status >= 200 && status < 300;
            else if (expectation.restricted === 'hidden') ok = status === 404;
            else if (expectation.restricted === 'refused') ok = status >= 400 && status < 500 && status !== 401;
            else ok = status === 200 && !response.body.includes(absentId!);
            if (!ok) failures.push(`${key} as ${role}: ${status} ${response.body.slice(0, 160)}`);
            if (key === 'POST /api/auth/logout') clients.set(role, await signedInClient(app, cases.accounts, role));
          }
        }
        expect(failures).toEqual([]);
      },
      LONG,
    );
  }

  it('lets a member of the compartment do what their role allows on restricted records', async () => {
    const { client } = await signedInClient(app, cases.accounts, 'investigator');
    const f = await fixture(true);
    expect((await client.request('GET', `/api/incidents/${f.incident}`)).statusCode).toBe(404);
    const admin = clients.get('admin')!;
    await admin.client.request('PUT', `/api/compartments/${compartment}/members`, {
      members: [member.userId, (await client.request('GET', '/api/auth/me')).json().user.id],
    });
    expect((await client.request('GET', `/api/incidents/${f.incident}`)).statusCode).toBe(200);
    expect((await client.request('GET', `/api/incidents?q=${f.token}`)).body).toContain(f.incident);
  });
});
