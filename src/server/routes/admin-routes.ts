import { Type } from 'typebox';
import type { Cases } from '../../cases/open-cases.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { Created, IdParams } from './common.js';

const Role = Type.Union(['admin', 'investigator', 'editor', 'viewer'].map((r) => Type.Literal(r)));
type RoleName = 'admin' | 'investigator' | 'editor' | 'viewer';

/** Accounts, compartments, the audit trail and deleted records: administrators only. */
export function adminRoutes(app: App, cases: Cases): void {
  const tags = ['administration'];
  app.get('/api/users', { config: { access: 'manage' }, schema: { tags } }, async () => cases.accounts.listUsers());
  app.post(
    '/api/users',
    {
      config: { access: 'manage' },
      schema: {
        tags,
        body: Type.Object(
          { username: Type.String({ maxLength: 63 }), displayName: Type.String({ maxLength: 200 }), role: Role, password: Type.String({ maxLength: 1000 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request, reply) => reply.status(201).send(await cases.accounts.createUser({ ...request.body, role: request.body.role as RoleName }, viewerOf(request))),
  );
  app.patch(
    '/api/users/:id',
    {
      config: { access: 'manage' },
      schema: {
        tags,
        params: IdParams,
        body: Type.Object(
          { role: Type.Optional(Role), displayName: Type.Optional(Type.String({ maxLength: 200 })), disabled: Type.Optional(Type.Boolean()), resetSecondFactor: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => cases.accounts.updateUser(viewerOf(request), request.params.id, { ...request.body, role: request.body.role as RoleName | undefined }),
  );

  app.get('/api/compartments', { config: { access: 'manage' }, schema: { tags } }, async () => cases.accounts.listCompartments());
  app.post(
    '/api/compartments',
    {
      config: { access: 'manage' },
      schema: {
        tags,
        body: Type.Object(
          { name: Type.String({ minLength: 1, maxLength: 200 }), description: Type.Optional(Type.String({ maxLength: 2000 })), members: Type.Optional(Type.Array(Type.String(), { maxItems: 500 })) },
          { additionalProperties: false },
        ),
        response: { 201: Created },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await cases.accounts.createCompartment(viewerOf(request), { name: request.body.name, description: request.body.description ?? '', members: request.body.members ?? [] })),
  );
  app.put(
    '/api/compartments/:id/members',
    { config: { access: 'manage' }, schema: { tags, params: IdParams, body: Type.Object({ members: Type.Array(Type.String(), { maxItems: 500 }) }, { additionalProperties: false }) } },
    async (request) => {
      await cases.accounts.setMembers(viewerOf(request), request.params.id, request.body.members);
      return { members: request.body.members };
    },
  );

  app.get(
    '/api/audit',
    {
      config: { access: 'manage' },
      schema: {
        tags,
        querystring: Type.Object(
          {
            recordType: Type.Optional(Type.String({ maxLength: 50 })),
            recordId: Type.Optional(Type.String({ maxLength: 50 })),
            before: Type.Optional(Type.String({ maxLength: 40 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => cases.auditTrail.list(viewerOf(request), { ...request.query, limit: request.query.limit ?? 100 }),
  );
  app.get('/api/deleted', { config: { access: 'manage' }, schema: { tags } }, async (request) => ({ incidents: await cases.incidents.listDeleted(viewerOf(request)) }));
}
