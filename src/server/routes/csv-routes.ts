import { Type } from 'typebox';
import type { Cases } from '../../cases/open-cases.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';

const ImportQuery = Type.Object({ skipInvalid: Type.Optional(Type.Boolean({ description: 'import the good rows and report the bad ones; otherwise nothing is imported while any row is bad' })) }, { additionalProperties: false });
const ImportReply = Type.Object({
  imported: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), field: Type.String(), message: Type.String() })),
});
const CSV_BYTES = 20 * 1024 * 1024;

/** Incidents and people as CSV files, in and out. */
export function csvRoutes(app: App, cases: Cases): void {
  const tags = ['csv'];
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BYTES }, (_request, body, done) => done(null, body));

  const download = (name: string) => `attachment; filename="${name}"`;
  app.get('/api/export/incidents.csv', { config: { access: 'exportRecords' }, schema: { tags } }, async (request, reply) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', download('incidents.csv')).send(await cases.csv.exportIncidents(viewerOf(request))),
  );
  app.get('/api/export/people.csv', { config: { access: 'exportRecords' }, schema: { tags } }, async (request, reply) =>
    reply.type('text/csv; charset=utf-8').header('content-disposition', download('people.csv')).send(await cases.csv.exportPeople(viewerOf(request))),
  );
  app.post(
    '/api/import/incidents',
    { config: { access: 'importRecords' }, bodyLimit: CSV_BYTES, schema: { tags, querystring: ImportQuery, body: Type.String({ description: 'the CSV file (text/csv)' }), response: { 200: ImportReply } } },
    async (request) => cases.csv.importIncidents(viewerOf(request), request.body, request.query.skipInvalid ?? false),
  );
  app.post(
    '/api/import/people',
    { config: { access: 'importRecords' }, bodyLimit: CSV_BYTES, schema: { tags, querystring: ImportQuery, body: Type.String({ description: 'the CSV file (text/csv)' }), response: { 200: ImportReply } } },
    async (request) => cases.csv.importPeople(viewerOf(request), request.body, request.query.skipInvalid ?? false),
  );
}
