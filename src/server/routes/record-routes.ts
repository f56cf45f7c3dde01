import { Type } from 'typebox';
import { ActTypeInput, FacilityInput, PersonInput, withVersion } from '../../cases/case-schemas.js';
import type { Cases } from '../../cases/open-cases.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { Created, IdParams, NewVersion, VersionQuery } from './common.js';

/** People, facilities and the vocabulary of acts. */
export function recordRoutes(app: App, cases: Cases): void {
  const people = ['people'];
  app.get(
    '/api/people',
    {
      config: { access: 'read' },
      schema: {
        tags: people,
        querystring: Type.Object(
          { q: Type.Optional(Type.String({ maxLength: 300 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => cases.search.people(viewerOf(request), request.query.q ?? '', request.query.limit ?? 25, request.query.offset ?? 0),
  );
  app.post('/api/people', { config: { access: 'edit' }, schema: { tags: people, body: PersonInput, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send(await cases.people.create(viewerOf(request), request.body)),
  );
  app.get('/api/people/:id', { config: { access: 'read' }, schema: { tags: people, params: IdParams } }, async (request) => cases.people.get(viewerOf(request), request.params.id));
  app.put('/api/people/:id', { config: { access: 'edit' }, schema: { tags: people, params: IdParams, body: withVersion(PersonInput), response: { 200: NewVersion } } }, async (request) =>
    cases.people.update(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );
  app.delete('/api/people/:id', { config: { access: 'delete' }, schema: { tags: people, params: IdParams, querystring: VersionQuery } }, async (request) => {
    await cases.people.remove(viewerOf(request), request.params.id, request.query.version);
    return { deleted: true };
  });
  app.post('/api/people/:id/restore', { config: { access: 'manage' }, schema: { tags: people, params: IdParams } }, async (request) => {
    await cases.people.restore(viewerOf(request), request.params.id);
    return { restored: true };
  });

  const facilities = ['facilities'];
  app.get('/api/facilities', { config: { access: 'read' }, schema: { tags: facilities } }, async (request) => cases.facilities.list(viewerOf(request)));
  app.post('/api/facilities', { config: { access: 'edit' }, schema: { tags: facilities, body: FacilityInput, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send(await cases.facilities.create(viewerOf(request), request.body)),
  );
  app.get('/api/facilities/:id', { config: { access: 'read' }, schema: { tags: facilities, params: IdParams } }, async (request) => cases.facilities.get(viewerOf(request), request.params.id));
  app.put('/api/facilities/:id', { config: { access: 'edit' }, schema: { tags: facilities, params: IdParams, body: withVersion(FacilityInput), response: { 200: NewVersion } } }, async (request) =>
    cases.facilities.update(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );
  app.delete('/api/facilities/:id', { config: { access: 'delete' }, schema: { tags: facilities, params: IdParams, querystring: VersionQuery } }, async (request) => {
    await cases.facilities.remove(viewerOf(request), request.params.id, request.query.version);
    return { deleted: true };
  });

  const vocabulary = ['vocabulary'];
  const TypeParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }) });
  app.get('/api/act-types', { config: { access: 'read' }, schema: { tags: vocabulary } }, async (request) => cases.actTypes.list(viewerOf(request)));
  app.post('/api/act-types', { config: { access: 'manage' }, schema: { tags: vocabulary, body: ActTypeInput, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send(await cases.actTypes.create(viewerOf(request), request.body)),
  );
  app.put('/api/act-types/:id', { config: { access: 'manage' }, schema: { tags: vocabulary, params: TypeParams, body: withVersion(ActTypeInput), response: { 200: NewVersion } } }, async (request) =>
    cases.actTypes.update(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );
}
