import { Type } from 'typebox';
import { Compartment, CompartmentInput, Members, NewUserInput, PublicUser, UserPatch } from '../../accounts/index.js';
import { AuditEntry, DeletedRecords } from '../../cases/index.js';
import type { Cases } from '../../cases/index.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { Created, IdParams, replies } from './common.js';

const AuditQuery = Type.Object(
  {
    recordType: Type.Optional(Type.String({ maxLength: 50 })),
    recordId: Type.Optional(Type.String({ maxLength: 50 })),
    userId: Type.Optional(Type.String({ maxLength: 50, description: 'who did it' })),
    action: Type.Optional(Type.String({ maxLength: 50 })),
    from: Type.Optional(Type.String({ maxLength: 40, description: 'entries at or after this ISO 8601 instant' })),
    to: Type.Optional(Type.String({ maxLength: 40, description: 'entries before this ISO 8601 instant' })),
    before: Type.Optional(Type.String({ maxLength: 40, description: 'the next page: entries older than this instant (the last entry shown)' })),
    beforeId: Type.Optional(Type.String({ maxLength: 50, description: 'with before: the id of the last entry shown, for entries of the same instant' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

/** Accounts, compartments, the audit trail and deleted records: administrators only. */
export function adminRoutes(app: App, cases: Cases): void {
  const tags = ['administration'];
  app.get('/api/users', { config: { access: 'manage' }, schema: { tags, response: replies({ 200: Type.Array(PublicUser) }) } }, async () =>
    cases.accounts.listUsers(),
  );
  app.post(
    '/api/users',
    { config: { access: 'manage' }, schema: { tags, body: NewUserInput, response: replies({ 201: PublicUser }) } },
    async (request, reply) => reply.status(201).send(await cases.accounts.createUser(request.body, viewerOf(request))),
  );
  app.patch(
    '/api/users/:id',
    { config: { access: 'manage' }, schema: { tags, params: IdParams, body: UserPatch, response: replies({ 200: PublicUser }) } },
    async (request) => cases.accounts.updateUser(viewerOf(request), request.params.id, request.body),
  );

  app.get('/api/compartments', { config: { access: 'manage' }, schema: { tags, response: replies({ 200: Type.Array(Compartment) }) } }, async () =>
    cases.accounts.listCompartments(),
  );
  app.post(
    '/api/compartments',
    { config: { access: 'manage' }, schema: { tags, body: CompartmentInput, response: replies({ 201: Created }) } },
    async (request, reply) =>
      reply.status(201).send(
        await cases.accounts.createCompartment(viewerOf(request), {
          name: request.body.name,
          description: request.body.description ?? '',
          members: request.body.members ?? [],
        }),
      ),
  );
  app.put(
    '/api/compartments/:id/members',
    { config: { access: 'manage' }, schema: { tags, params: IdParams, body: Members, response: replies({ 200: Members }) } },
    async (request) => {
      await cases.accounts.setMembers(viewerOf(request), request.params.id, request.body.members);
      return { members: request.body.members };
    },
  );

  app.get(
    '/api/audit',
    { config: { access: 'manage' }, schema: { tags, querystring: AuditQuery, response: replies({ 200: Type.Array(AuditEntry) }) } },
    async (request) => cases.auditTrail.list(viewerOf(request), { ...request.query, limit: request.query.limit ?? 100 }),
  );
  app.get('/api/deleted', { config: { access: 'manage' }, schema: { tags, response: replies({ 200: DeletedRecords }) } }, async (request) => ({
    incidents: await cases.incidents.listDeleted(viewerOf(request)),
  }));
}
