import { Type } from 'typebox';
import { ActInput, EvidenceLinkInput, IncidentInput, IncidentLinkInput, InterventionInput, withVersion } from '../../cases/case-schemas.js';
import type { Cases } from '../../cases/open-cases.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { asList, Created, IdParams, ListOf, NewVersion, VersionQuery } from './common.js';

const SearchQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 500 })),
    facility: ListOf(Type.String()),
    region: ListOf(Type.String()),
    actType: ListOf(Type.String()),
    year: ListOf(Type.Integer()),
    intervention: ListOf(Type.String()),
    hasEvidence: Type.Optional(Type.Boolean()),
    sort: Type.Optional(Type.Union(['relevance', 'date-desc', 'date-asc', 'updated-desc'].map((s) => Type.Literal(s)))),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  },
  { additionalProperties: false },
);

export function incidentRoutes(app: App, cases: Cases): void {
  const tags = ['incidents'];

  app.get('/api/incidents', { config: { access: 'read' }, schema: { tags, querystring: SearchQuery } }, async (request) => {
    const q = request.query;
    return cases.search.incidents(viewerOf(request), {
      q: q.q,
      facility: asList(q.facility),
      region: asList(q.region),
      actType: asList(q.actType),
      year: asList(q.year),
      intervention: asList(q.intervention),
      hasEvidence: q.hasEvidence,
      sort: q.sort as 'relevance' | undefined,
      limit: q.limit,
      offset: q.offset,
    });
  });

  app.post('/api/incidents', { config: { access: 'edit' }, schema: { tags, body: IncidentInput, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send(await cases.incidents.create(viewerOf(request), request.body)),
  );

  app.get('/api/incidents/:id', { config: { access: 'read' }, schema: { tags, params: IdParams } }, async (request) => cases.incidents.get(viewerOf(request), request.params.id));

  app.put('/api/incidents/:id', { config: { access: 'edit' }, schema: { tags, params: IdParams, body: withVersion(IncidentInput), response: { 200: NewVersion } } }, async (request) =>
    cases.incidents.update(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );

  app.delete('/api/incidents/:id', { config: { access: 'delete' }, schema: { tags, params: IdParams, querystring: VersionQuery } }, async (request) => {
    await cases.incidents.remove(viewerOf(request), request.params.id, request.query.version);
    return { deleted: true };
  });

  app.post('/api/incidents/:id/restore', { config: { access: 'manage' }, schema: { tags, params: IdParams } }, async (request) => {
    await cases.incidents.restore(viewerOf(request), request.params.id);
    return { restored: true };
  });

  app.post('/api/incidents/:id/acts', { config: { access: 'edit' }, schema: { tags, params: IdParams, body: ActInput, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send(await cases.parts.addAct(viewerOf(request), request.params.id, request.body)),
  );

  app.put('/api/acts/:id', { config: { access: 'edit' }, schema: { tags, params: IdParams, body: withVersion(ActInput), response: { 200: NewVersion } } }, async (request) =>
    cases.parts.updateAct(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );

  app.delete('/api/acts/:id', { config: { access: 'delete' }, schema: { tags, params: IdParams } }, async (request) => {
    await cases.parts.removeAct(viewerOf(request), request.params.id);
    return { deleted: true };
  });

  app.post('/api/incidents/:id/interventions', { config: { access: 'edit' }, schema: { tags, params: IdParams, body: InterventionInput, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send(await cases.parts.addIntervention(viewerOf(request), request.params.id, request.body)),
  );

  app.put('/api/interventions/:id', { config: { access: 'edit' }, schema: { tags, params: IdParams, body: withVersion(InterventionInput), response: { 200: NewVersion } } }, async (request) =>
    cases.parts.updateIntervention(viewerOf(request), request.params.id, request.body.version, request.body.data),
  );

  app.delete('/api/interventions/:id', { config: { access: 'delete' }, schema: { tags, params: IdParams } }, async (request) => {
    await cases.parts.removeIntervention(viewerOf(request), request.params.id);
    return { deleted: true };
  });

  app.post('/api/incidents/:id/evidence', { config: { access: 'edit' }, schema: { tags, params: IdParams, body: EvidenceLinkInput, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send(await cases.parts.linkEvidence(viewerOf(request), request.params.id, request.body)),
  );

  app.delete('/api/evidence-links/:id', { config: { access: 'delete' }, schema: { tags, params: IdParams } }, async (request) => {
    await cases.parts.unlinkEvidence(viewerOf(request), request.params.id);
    return { deleted: true };
  });

  app.post('/api/incidents/:id/links', { config: { access: 'edit' }, schema: { tags, params: IdParams, body: IncidentLinkInput, response: { 201: Created } } }, async (request, reply) =>
    reply.status(201).send(await cases.parts.linkIncidents(viewerOf(request), request.params.id, request.body)),
  );

  app.delete('/api/incident-links/:id', { config: { access: 'delete' }, schema: { tags, params: IdParams } }, async (request) => {
    await cases.parts.unlinkIncidents(viewerOf(request), request.params.id);
    return { deleted: true };
  });
}
