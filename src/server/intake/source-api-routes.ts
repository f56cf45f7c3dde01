import { INTAKE_FILE_STATES, type Intake } from '../../intake/index.js';
import type { App } from '../app-types.js';
import { checkedSourceOf, sourceOf } from './intake-session.js';

// Plain JSON Schema rather than TypeBox: the intake role runs alone on a small server, and TypeBox would
// add about 11 MiB to its memory for these two schemas.
const uploadParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } as const;
const manifestBody = { type: 'object', required: ['manifest'], properties: { manifest: { type: 'string', maxLength: 100_000 } } } as const;
// Responses are declared too: Fastify then writes exactly these fields, so nothing else a row holds can reach a source's browser.
const fileState = { type: 'string', enum: INTAKE_FILE_STATES } as const;
const nullableString = { type: ['string', 'null'] } as const;
const uploadsReply = {
  200: {
    type: 'object',
    required: ['uploads'],
    additionalProperties: false,
    properties: {
      uploads: {
        type: 'array',
        items: {
          type: 'object',
          required: ['id', 'url', 'fingerprint', 'key', 'header', 'length', 'offset', 'state', 'problem', 'name'],
          additionalProperties: false,
          properties: {
            id: { type: 'string' },
            url: { type: 'string' },
            fingerprint: nullableString,
            key: nullableString,
            header: nullableString,
            length: { type: 'integer', minimum: 0 },
            offset: { type: 'integer', minimum: 0 },
            state: fileState,
            problem: nullableString,
            name: nullableString,
          },
        },
      },
    },
  },
} as const;
const manifestReply = { 200: { type: 'object', required: ['state'], additionalProperties: false, properties: { state: fileState } } } as const;

/** The JSON the upload script needs: its own unfinished uploads, and the sealed manifest at the end. */
export function sourceApiRoutes(app: App, intake: Intake): void {
  app.get('/api/submissions/:id/uploads', { schema: { params: uploadParams, response: uploadsReply } }, async (request) => {
    const { id } = request.params as { id: string };
    const uploads = await intake.uploads.resumable(sourceOf(intake, request), id);
    return { uploads: uploads.map((u) => ({ ...u, url: `/submit/files/${u.id}` })) };
  });

  app.post('/api/uploads/:id/manifest', { schema: { params: uploadParams, body: manifestBody, response: manifestReply } }, async (request) => {
    const { id } = request.params as { id: string };
    const { manifest } = request.body as { manifest: string };
    return { state: await intake.uploads.setManifest(checkedSourceOf(intake, request), id, manifest) };
  });
}
