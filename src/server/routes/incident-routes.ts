import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import {
  ActInput,
  BulkExport,
  BulkIdsInput,
  BulkRestrictInput,
  BulkResult,
  BulkTagInput,
  EvidenceLinkInput,
  IncidentInput,
  IncidentLinkInput,
  IncidentPage,
  IncidentStatistics,
  INCIDENT_SORTS,
  type IncidentSort,
  IncidentTags,
  InterventionInput,
  SearchResult,
  TagChange,
  TagChoices,
  withVersion,
} from '../../cases/index.js';
import type { Cases } from '../../cases/index.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { asList, Created, Deleted, IdParams, ListOf, NewVersion, replies, Restored, VersionQuery } from './common.js';

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 500 })),
    facility: ListOf(Type.String()),
    region: ListOf(Type.String()),
    actType: ListOf(Type.String()),
    year: ListOf(Type.Integer()),
    intervention: ListOf(Type.String()),
    hasEvidence: Type.Optional(Type.Boolean()),
    tag: ListOf(Type.String({ maxLength: 100 })),
    sort: Type.Optional(Type.Union(INCIDENT_SORTS.map((s) => Type.Literal(s)))),
    lang: Type.Optional(Type.Union([Type.Literal('ru'), Type.Literal('en')], { description: 'the language a sort by title, facility or region follows' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

/** A bulk action goes on past an incident the database failed to change; the server's log says why. */
const failureLog = (request: FastifyRequest) => (id: string, error: unknown) =>
  request.log.error({ err: error, incident: id }, 'a bulk action failed on one incident');

export function incidentRoutes(app: App, cases: Cases): void {
  const tags = ['incidents'];

  app.get(
    '/api/incidents',
    { config: { access: 'read' }, schema: { tags, querystring: SearchQuery, response: replies({ 200: SearchResult }) } },
    async (request) => {
      const q = request.query;
      return cases.search.incidents(viewerOf(request), {
        q: q.q,
        facility: asList(q.facility),
        region: asList(q.region),
        actType: asList(q.actType),
        year: asList(q.year),
        intervention: asList(q.intervention),
        hasEvidence: q.hasEvidence,
        tag: asList(q.tag),
        sort: q.sort as IncidentSort | undefined,
        lang: q.lang as 'ru' | 'en' | undefined,
        limit: q.limit,
        offset: q.offset,
      });
    },
  );

  app.get(
    '/api/statistics/incidents',
    {
      config: { access: 'read' },
      schema: {
        tags,
        description: 'Incidents counted by facility, region, year, act type and outcome (intervention kind); only incidents the reader may see are counted.',
        response: replies({ 200: IncidentStatistics }),
      },
    },
    async (request) => cases.statistics.incidents(viewerOf(request)),
  );

  app.post(
    '/api/incidents',
    { config: { access: 'edit' }, schema: { tags, body: IncidentInput, response: replies({ 201: Created }) } },
    async (request, reply) => reply.status(201).send(await cases.incidents.create(viewerOf(request), request.body)),
  );

  app.get('/api/incidents/:id', { config: { access: 'read' }, schema: { tags, params: IdParams, response: replies({ 200: IncidentPage }) } }, async (request) =>
    cases.incidents.get(viewerOf(request), request.params.id),
  );

  app.post(
    '/api/incidents/bulk/restrict',
    {
      config: { access: 'restrict' },
      schema: {
        tags,
        description: 'Restricts each incident to the compartment as its own edit would; one the caller may not see answers not-found.',
        body: BulkRestrictInput,
        response: replies({ 200: BulkResult }),
      },
    },
    async (request) => cases.incidentBulk.restrict(viewerOf(request), request.body.ids, request.body.compartmentId, failureLog(request)),
  );

  app.post(
    '/api/incidents/bulk/tag',
    {
      config: { access: 'edit' },
      schema: {
        tags,
        description:
          "Adds the tag to each incident or takes it off each, as the incident's own tag change would; one the caller may not see answers not-found.",
        body: BulkTagInput,
        response: replies({ 200: BulkResult }),
      },
    },
    async (request) => cases.incidentBulk.tag(viewerOf(request), request.body.ids, request.body.tag, request.body.change, failureLog(request)),
  );

  app.post(
    '/api/incidents/bulk/export',
    {
      config: { access: 'exportRecords' },
      schema: {
        tags,
        description:
          'The incidents asked for as CSV, written to the audit trail as an export; one the caller may not see answers not-found and is not in the file.',
        body: BulkIdsInput,
        response: replies({ 200: BulkExport }),
      },
    },
    async (request) => cases.csv.exportSelected(viewerOf(request), request.body.ids),
  );

  app.get(
    '/api/incident-tags',
    {
      config: { access: 'read' },
      schema: {
        tags,
        description: 'The tags on incidents the caller may see, most used first, with how many incidents each is on: what a tag picker offers.',
        response: replies({ 200: TagChoices }),
      },
    },
    async (request) => cases.tags.choices(viewerOf(request)),
  );

  app.post(
    '/api/incidents/:id/tags',
    {
      config: { access: 'edit' },
      schema: {
        tags,
        description: 'Adds tags to the incident and takes others off; a tag written like one in use (another case, other spaces) is that one.',
        params: IdParams,
        body: TagChange,
        response: replies({ 200: IncidentTags }),
      },
    },
    async (request) => ({ tags: (await cases.tags.change(viewerOf(request), request.params.id, request.body)).tags }),
  );

  app.put(
    '/api/incidents/:id',
    { config: { access: 'edit' }, schema: { tags, params: IdParams, body: withVersion(IncidentInput), response: replies({ 200: NewVersion }) } },
    async (request) => cases.incidents.update(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );

  app.delete(
    '/api/incidents/:id',
    { config: { access: 'delete' }, schema: { tags, params: IdParams, querystring: VersionQuery, response: replies({ 200: Deleted }) } },
    async (request) => {
      await cases.incidents.remove(viewerOf(request), request.params.id, request.query.version);
      return { deleted: true as const };
    },
  );

  app.post(
    '/api/incidents/:id/restore',
    { config: { access: 'manage' }, schema: { tags, params: IdParams, response: replies({ 200: Restored }) } },
    async (request) => {
      await cases.incidents.restore(viewerOf(request), request.params.id);
      return { restored: true as const };
    },
  );

  app.post(
    '/api/incidents/:id/acts',
    { config: { access: 'edit' }, schema: { tags, params: IdParams, body: ActInput, response: replies({ 201: Created }) } },
    async (request, reply) => reply.status(201).send(await cases.parts.addAct(viewerOf(request), request.params.id, request.body)),
  );

  app.put(
    '/api/acts/:id',
    { config: { access: 'edit' }, schema: { tags, params: IdParams, body: withVersion(ActInput), response: replies({ 200: NewVersion }) } },
    async (request) => cases.parts.updateAct(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );

  app.delete('/api/acts/:id', { config: { access: 'delete' }, schema: { tags, params: IdParams, response: replies({ 200: Deleted }) } }, async (request) => {
    await cases.parts.removeAct(viewerOf(request), request.params.id);
    return { deleted: true as const };
  });

  app.post(
    '/api/incidents/:id/interventions',
    { config: { access: 'edit' }, schema: { tags, params: IdParams, body: InterventionInput, response: replies({ 201: Created }) } },
    async (request, reply) => reply.status(201).send(await cases.parts.addIntervention(viewerOf(request), request.params.id, request.body)),
  );

  app.put(
    '/api/interventions/:id',
    { config: { access: 'edit' }, schema: { tags, params: IdParams, body: withVersion(InterventionInput), response: replies({ 200: NewVersion }) } },
    async (request) => cases.parts.updateIntervention(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );

  app.delete(
    '/api/interventions/:id',
    { config: { access: 'delete' }, schema: { tags, params: IdParams, response: replies({ 200: Deleted }) } },
    async (request) => {
      await cases.parts.removeIntervention(viewerOf(request), request.params.id);
      return { deleted: true as const };
    },
  );

  app.post(
    '/api/incidents/:id/evidence',
    { config: { access: 'edit' }, schema: { tags, params: IdParams, body: EvidenceLinkInput, response: replies({ 201: Created }) } },
    async (request, reply) => reply.status(201).send(await cases.parts.linkEvidence(viewerOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/evidence-links/:id',
    { config: { access: 'delete' }, schema: { tags, params: IdParams, response: replies({ 200: Deleted }) } },
    async (request) => {
      await cases.parts.unlinkEvidence(viewerOf(request), request.params.id);
      return { deleted: true as const };
    },
  );

  app.post(
    '/api/incidents/:id/links',
    { config: { access: 'edit' }, schema: { tags, params: IdParams, body: IncidentLinkInput, response: replies({ 201: Created }) } },
    async (request, reply) => reply.status(201).send(await cases.parts.linkIncidents(viewerOf(request), request.params.id, request.body)),
  );

  app.delete(
    '/api/incident-links/:id',
    { config: { access: 'delete' }, schema: { tags, params: IdParams, response: replies({ 200: Deleted }) } },
    async (request) => {
      await cases.parts.unlinkIncidents(viewerOf(request), request.params.id);
      return { deleted: true as const };
    },
  );
}
