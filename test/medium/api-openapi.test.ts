import SwaggerParser from '@apidevtools/swagger-parser';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCases, type Cases } from '../../src/cases/open-cases.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { IntakeStaff } from '../../src/inbox/open-inbox.js';
import { openMediaTriage, type MediaItemService } from '../../src/media/index.js';
import { buildServer } from '../../src/server/app.js';
import type { App } from '../../src/server/app-types.js';
import { ItemRepository } from '../../src/vault/item-repository.js';
import { signedInClient } from '../helpers/api-client.js';
import { createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { itemsOnlyVault } from '../helpers/vault-stub.js';

/** The routes a plugin adds for the document itself and the app's files: not part of the API it describes. */
const NOT_API = (url: string) => !url.startsWith('/api/') || url.startsWith('/api/docs');

interface OpenApiOperation {
  responses?: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

describe('the OpenAPI document of the staff API', () => {
  let testDb: TestDatabase;
  let database: OpenDatabase;
  let cases: Cases;
  let app: App;
  const routes: RouteOptions[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase('sqlite');
    database = openDatabase(testDb.target);
    await migrateToLatest(database.db);
    cases = openCases(database.db, itemsOnlyVault(new ItemRepository(database.db)), { organisation: 'Test', passwordCost: { logN: 10 } });
    // The intake's staff routes are registered only with an intake; registering them never calls it.
    const intakeStaff = {} as IntakeStaff;
    // Likewise media triage's routes: registering them never calls the analyses.
    const media = openMediaTriage(database.db, {} as MediaItemService, cases.vaultItems, cases.audit);
    app = await buildServer({ cases, intakeStaff, media, organisation: 'Test', logLevel: 'silent', onRoute: (route) => void routes.push(route) });
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
    await testDb?.drop();
  });

  async function servedDocument(): Promise<{ openapi: string; paths: Record<string, Record<string, OpenApiOperation>> }> {
    const { client } = await signedInClient(app, cases.accounts, 'viewer');
    const response = await client.request('GET', '/api/docs/json');
    expect(response.statusCode).toBe(200);
    return response.json();
  }

  it('declares, for every API route, the schema of its success and of its errors', () => {
    const api = routes.filter((r) => !NOT_API(r.url) && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThan(40);
    const lacking = api.flatMap((route) => {
      const responses = Object.keys((route.schema?.response as Record<string, unknown> | undefined) ?? {});
      const problems: string[] = [];
      if (!responses.some((status) => /^2\d\d$/.test(status))) problems.push('no success response');
      if (!responses.includes('4xx')) problems.push('no error response');
      return problems.map((p) => `${String(route.method)} ${route.url}: ${p}`);
    });
    expect(lacking).toEqual([]);
  });

  it('serves a valid OpenAPI 3.1 document in which every operation answers with a described body', async () => {
    const document = await servedDocument();
    expect(document.openapi).toBe('3.1.0');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
    const undescribed = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.entries(operations).flatMap(([method, operation]) => {
        const success = Object.entries(operation.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
        if (success.length === 0) return [`${method} ${path}: no success response`];
        return success.filter(([status, response]) => status !== '204' && !response.content).map(([status]) => `${method} ${path} ${status}: no body schema`);
      }),
    );
    expect(undescribed).toEqual([]);
  });

  it('spells the one error shape once, and the same for every route', async () => {
    const document = await servedDocument();
    const shapes = new Set(
      Object.values(document.paths).flatMap((operations) =>
        Object.values(operations).map((o) => JSON.stringify(o.responses?.['4XX']?.content?.['application/json']?.schema)),
      ),
    );
    expect(shapes.size).toBe(1);
    expect([...shapes][0]).toContain('"code"');
  });
});
