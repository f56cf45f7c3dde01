import { Type } from 'typebox';
import { ActType, ActTypeInput, Facility, FacilityInput, PEOPLE_SORTS, PeopleList, Person, PersonInput, withVersion } from '../../cases/index.js';
import type { PeopleSort } from '../../cases/index.js';
import type { Cases } from '../../cases/index.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { Created, Deleted, IdParams, NewVersion, replies, Restored, VersionQuery } from './common.js';

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
          {
            q: Type.Optional(Type.String({ maxLength: 300 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
            offset: Type.Optional(Type.Integer({ minimum: 0 })),
            sort: Type.Optional(Type.Union(PEOPLE_SORTS.map((s) => Type.Literal(s)))),
            lang: Type.Optional(
              Type.Union([Type.Literal('ru'), Type.Literal('en')], { description: 'the language and alphabet a list of people is named and sorted in' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: replies({ 200: PeopleList }),
      },
    },
    async (request) => {
      const q = request.query;
      return cases.search.people(viewerOf(request), q.q ?? '', q.limit ?? 25, q.offset ?? 0, { sort: q.sort as PeopleSort | undefined, lang: q.lang });
    },
  );
  app.post(
    '/api/people',
    { config: { access: 'edit' }, schema: { tags: people, body: PersonInput, response: replies({ 201: Created }) } },
    async (request, reply) => reply.status(201).send(await cases.people.create(viewerOf(request), request.body)),
  );
  app.get('/api/people/:id', { config: { access: 'read' }, schema: { tags: people, params: IdParams, response: replies({ 200: Person }) } }, async (request) =>
    cases.people.get(viewerOf(request), request.params.id),
  );
  app.put(
    '/api/people/:id',
    { config: { access: 'edit' }, schema: { tags: people, params: IdParams, body: withVersion(PersonInput), response: replies({ 200: NewVersion }) } },
    async (request) => cases.people.update(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );
  app.delete(
    '/api/people/:id',
    { config: { access: 'delete' }, schema: { tags: people, params: IdParams, querystring: VersionQuery, response: replies({ 200: Deleted }) } },
    async (request) => {
      await cases.people.remove(viewerOf(request), request.params.id, request.query.version);
      return { deleted: true as const };
    },
  );
  app.post(
    '/api/people/:id/restore',
    { config: { access: 'manage' }, schema: { tags: people, params: IdParams, response: replies({ 200: Restored }) } },
    async (request) => {
      await cases.people.restore(viewerOf(request), request.params.id);
      return { restored: true as const };
    },
  );

  const facilities = ['facilities'];
  app.get('/api/facilities', { config: { access: 'read' }, schema: { tags: facilities, response: replies({ 200: Type.Array(Facility) }) } }, async (request) =>
    cases.facilities.list(viewerOf(request)),
  );
  app.post(
    '/api/facilities',
    { config: { access: 'edit' }, schema: { tags: facilities, body: FacilityInput, response: replies({ 201: Created }) } },
    async (request, reply) => reply.status(201).send(await cases.facilities.create(viewerOf(request), request.body)),
  );
  app.get(
    '/api/facilities/:id',
    { config: { access: 'read' }, schema: { tags: facilities, params: IdParams, response: replies({ 200: Facility }) } },
    async (request) => cases.facilities.get(viewerOf(request), request.params.id),
  );
  app.put(
    '/api/facilities/:id',
    { config: { access: 'edit' }, schema: { tags: facilities, params: IdParams, body: withVersion(FacilityInput), response: replies({ 200: NewVersion }) } },
    async (request) => cases.facilities.update(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );
  app.delete(
    '/api/facilities/:id',
    { config: { access: 'delete' }, schema: { tags: facilities, params: IdParams, querystring: VersionQuery, response: replies({ 200: Deleted }) } },
    async (request) => {
      await cases.facilities.remove(viewerOf(request), request.params.id, request.query.version);
      return { deleted: true as const };
    },
  );

  const vocabulary = ['vocabulary'];
  const TypeParams = Type.Object({ id: Type.String({ pattern: '^[a-z0-9-]{2,60}$' }) });
  app.get('/api/act-types', { config: { access: 'read' }, schema: { tags: vocabulary, response: replies({ 200: Type.Array(ActType) }) } }, async (request) =>
    cases.actTypes.list(viewerOf(request)),
  );
  app.post(
    '/api/act-types',
    { config: { access: 'manage' }, schema: { tags: vocabulary, body: ActTypeInput, response: replies({ 201: Created }) } },
    async (request, reply) => reply.status(201).send(await cases.actTypes.create(viewerOf(request), request.body)),
  );
  app.put(
    '/api/act-types/:id',
    { config: { access: 'manage' }, schema: { tags: vocabulary, params: TypeParams, body: withVersion(ActTypeInput), response: replies({ 200: NewVersion }) } },
    async (request) => cases.actTypes.update(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );
}
