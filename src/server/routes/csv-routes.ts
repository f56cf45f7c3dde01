import { Type } from 'typebox';
import { CsvImportResult } from '../../cases/index.js';
import type { Cases } from '../../cases/index.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { fileReply, replies } from './common.js';

const ImportQuery = Type.Object(
  {
    skipInvalid: Type.Optional(
      Type.Boolean({ description: 'import the good rows and report the bad ones; otherwise nothing is imported while any row is bad' }),
    ),
  },
  { additionalProperties: false },
);
const CsvBody = Type.String({ description: 'the CSV file (text/csv)' });
const CSV_BYTES = 20 * 1024 * 1024;

/** Incidents and people as CSV files, in and out. */
export function csvRoutes(app: App, cases: Cases): void {
  const tags = ['csv'];
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BYTES }, (_request, body, done) => done(null, body));

  const download = (name: string) => `attachment; filename="${name}"`;
  app.get(
    '/api/export/incidents.csv',
    { config: { access: 'exportRecords' }, schema: { tags, response: replies({ 200: fileReply('text/csv', 'every incident the caller may see') }) } },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', download('incidents.csv'))
        .send(await cases.csv.exportIncidents(viewerOf(request))),
  );
  app.get(
    '/api/export/people.csv',
    { config: { access: 'exportRecords' }, schema: { tags, response: replies({ 200: fileReply('text/csv', 'every person the caller may see') }) } },
    async (request, reply) =>
      reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', download('people.csv'))
        .send(await cases.csv.exportPeople(viewerOf(request))),
  );
  app.post(
    '/api/import/incidents',
    {
      config: { access: 'importRecords' },
      bodyLimit: CSV_BYTES,
      schema: { tags, querystring: ImportQuery, body: CsvBody, response: replies({ 200: CsvImportResult }) },
    },
    async (request) => cases.csv.importIncidents(viewerOf(request), request.body, request.query.skipInvalid ?? false),
  );
  app.post(
    '/api/import/people',
    {
      config: { access: 'importRecords' },
      bodyLimit: CSV_BYTES,
      schema: { tags, querystring: ImportQuery, body: CsvBody, response: replies({ 200: CsvImportResult }) },
    },
    async (request) => cases.csv.importPeople(viewerOf(request), request.body, request.query.skipInvalid ?? false),
  );
}
