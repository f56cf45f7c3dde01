import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newTotpSecret, totpCode } from '../../src/accounts/totp.js';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { buildServer } from '../../src/server/app.js';
import type { App } from '../../src/server/app-types.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { ApiClient, signedInClient } from '../helpers/api-client.js';
import { itemsOnlyVault } from '../helpers/vault-stub.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';

const PASSWORD = 'correct horse battery staple';

describe('staff API: sign-in, CSRF, validation, conflicts', () => {
  let testDb: TestDatabase;
  let database: OpenDatabase;
  let cases: Cases;
  let app: App;
  const secret = newTotpSecret();

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    database = openDatabase(testDb.target);
    await migrateToLatest(database.db);
    cases = openCases(database.db, itemsOnlyVault(new ItemRepository(database.db)), { organisation: 'Test', passwordCost: { logN: 10 } });
    await cases.actTypes.seed();
    await cases.accounts.createUser({ username: 'ivan', displayName: 'Ivan Testov', role: 'investigator', password: PASSWORD, totpSecret: secret });
    await cases.accounts.createUser({ username: 'newbie', displayName: 'New', role: 'viewer', password: PASSWORD });
    app = await buildServer({ cases, organisation: 'Test', logLevel: 'silent' });
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.drop();
  });

  it('needs the password and then a TOTP code, and refuses a replayed code', async () => {
    const client = new ApiClient(app);
    expect((await client.request('GET', '/api/incidents')).statusCode).toBe(401);
    const wrong = await client.request('POST', '/api/auth/login', { username: 'ivan', password: 'wrong password here' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toMatch(/username or password is wrong/);
    const unknown = await client.request('POST', '/api/auth/login', { username: 'nobody', password: PASSWORD });
    expect(unknown.json().error.message).toBe(wrong.json().error.message);

    const login = await client.request('POST', '/api/auth/login', { username: 'IVAN', password: PASSWORD });
    expect(login.json()).toMatchObject({ secondFactor: 'verify' });
    const session = login.cookies.find((c) => c.name === 'vigil_session')!;
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    expect((await client.request('GET', '/api/incidents')).statusCode).toBe(401);
    expect((await client.request('POST', '/api/auth/second-factor', { code: '000000' })).statusCode).toBe(401);
    const code = totpCode(secret);
    expect((await client.request('POST', '/api/auth/second-factor', { code })).statusCode).toBe(200);
    expect((await client.request('GET', '/api/incidents')).statusCode).toBe(200);

    const other = new ApiClient(app);
    await other.request('POST', '/api/auth/login', { username: 'ivan', password: PASSWORD });
    expect((await other.request('POST', '/api/auth/second-factor', { code })).json().error.message).toMatch(/already used/);
  });

  it('makes a user without a second factor set one up before anything else', async () => {
    const client = new ApiClient(app);
    expect((await client.request('POST', '/api/auth/login', { username: 'newbie', password: PASSWORD })).json().secondFactor).toBe('enrol');
    const { secret: fresh, uri } = (await client.request('POST', '/api/auth/enrol')).json();
    expect(uri).toMatch(/^otpauth:\/\/totp\//);
    expect((await client.request('GET', '/api/auth/me')).statusCode).toBe(401);
    expect((await client.request('POST', '/api/auth/enrol/confirm', { code: totpCode(fresh) })).json().secondFactor).toBe('none');
    expect((await client.request('GET', '/api/auth/me')).json().user.username).toBe('newbie');
  });

  it("names the caller's own compartments, and no other, in /api/auth/me", async () => {
    const admin = await signedInClient(app, cases.accounts, 'admin');
    const member = await signedInClient(app, cases.accounts, 'investigator');
    const adminViewer = { userId: admin.userId, role: 'admin' as const, compartments: new Set<string>() };
    const theirs = await cases.accounts.createCompartment(adminViewer, { name: 'Вымышленный отсек', description: '', members: [member.userId] });
    await cases.accounts.createCompartment(adminViewer, { name: 'Another fictional compartment', description: '', members: [] });
    const me = (await member.client.request('GET', '/api/auth/me')).json();
    expect(me.compartments).toEqual([{ id: theirs.id, name: 'Вымышленный отсек' }]);
  });

  it('refuses an unsafe request without the CSRF token', async () => {
    const { client } = await signedInClient(app, cases.accounts, 'investigator');
    const cookie = client.cookieHeader();
    const forged = await app.inject({
      method: 'POST',
      url: '/api/facilities',
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ nameRu: 'x', nameEn: 'x', type: 'other', region: 'x' }),
    });
    expect(forged.statusCode).toBe(403);
    expect((await client.request('GET', '/api/facilities')).json()).toEqual([]);
  });

  it('names the field of invalid input and refuses a stale version with 409', async () => {
    const { client } = await signedInClient(app, cases.accounts, 'investigator');
    const bad = await client.request('POST', '/api/facilities', { nameRu: 'ИК-1', nameEn: 'IK-1', type: 'castle', region: 'Тверская область' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('body.type');
    const missing = await client.request('POST', '/api/incidents', { titleRu: 'x', titleEn: 'x', datePrecision: 'day' });
    expect(missing.json().error.field).toBe('body.documentationStatus');
    const badDate = await client.request('POST', '/api/incidents', {
      titleRu: 'x',
      titleEn: '',
      datePrecision: 'day',
      dateStart: '2025-13-01',
      documentationStatus: 'reported',
    });
    expect(badDate.json().error).toMatchObject({ code: 'invalid-input', field: 'dateStart' });

    const { id } = (
      await client.request('POST', '/api/incidents', {
        titleRu: 'Пытки в ШИЗО',
        titleEn: 'Torture in the punishment cell',
        datePrecision: 'month',
        dateStart: '2025-03',
        documentationStatus: 'reported',
      })
    ).json();
    const data = {
      titleRu: 'Пытки в ШИЗО',
      titleEn: 'Torture in a punishment cell',
      datePrecision: 'month',
      dateStart: '2025-03',
      documentationStatus: 'reported',
    };
    expect((await client.request('PUT', `/api/incidents/${id}`, { version: 1, data })).json()).toEqual({ version: 2 });
    const stale = await client.request('PUT', `/api/incidents/${id}`, { version: 1, data: { ...data, titleEn: 'overwrite' } });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'version-conflict', currentVersion: 2 });
    expect((await client.request('GET', '/api/incidents?q=пытали')).json().hits.map((h: { id: string }) => h.id)).toEqual([id]);
  });

  it('serves the OpenAPI document with every route, to signed-in staff', async () => {
    expect((await new ApiClient(app).request('GET', '/api/docs/json')).statusCode).toBe(401);
    const { client } = await signedInClient(app, cases.accounts, 'viewer');
    const doc = (await client.request('GET', '/api/docs/json')).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/incidents', '/api/incidents/{id}', '/api/people', '/api/auth/login']));
    expect(doc.paths['/api/incidents'].post.requestBody.content['application/json'].schema.required).toContain('titleRu');
  });
});
