import { Type } from 'typebox';
import type { IntakeStaff } from '../../intake/staff/intake-staff.js';
import { AuthenticationError } from '../../shared/errors.js';
import type { App } from '../app-types.js';

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });
const Localised = Type.Object({ ru: Type.String({ maxLength: 500 }), en: Type.String({ maxLength: 500 }) });
const Question = Type.Object(
  {
    id: Type.String({ maxLength: 40 }),
    kind: Type.Union([Type.Literal('text'), Type.Literal('long-text'), Type.Literal('choice')]),
    label: Localised,
    help: Type.Optional(Localised),
    options: Type.Optional(Type.Array(Localised, { maxItems: 50 })),
    required: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** The staff side of intake: inbox, import into the vault with live status, replies, deletion, the questionnaire. */
export function intakeRoutes(app: App, staff: IntakeStaff): void {
  const tags = ['intake'];
  app.get('/api/intake/submissions', { config: { access: 'intake' }, schema: { tags } }, async () => ({ submissions: await staff.inbox.list() }));
  app.get('/api/intake/submissions/:id', { config: { access: 'intake' }, schema: { tags, params: Id } }, async (request) => {
    const detail = await staff.inbox.detail(request.params.id);
    return { ...detail, import: staff.imports.status(request.params.id) };
  });
  app.post('/api/intake/submissions/:id/import', { config: { access: 'intake' }, schema: { tags, params: Id } }, async (request, reply) => {
    await staff.inbox.submission(request.params.id);
    return reply.status(202).send(staff.imports.start(request.params.id));
  });
  app.get('/api/intake/submissions/:id/import', { config: { access: 'intake' }, schema: { tags, params: Id } }, async (request, reply) => {
    const status = staff.imports.status(request.params.id);
    if (!status) return reply.status(404).send({ error: { code: 'not-found', message: 'no import of this submission was started since the server started' } });
    return status;
  });
  app.delete(
    '/api/intake/submissions/:id',
    { config: { access: 'intake' }, schema: { tags, params: Id, querystring: Type.Object({ discard: Type.Optional(Type.Boolean()) }) } },
    async (request, reply) => {
      await staff.deleteSubmission(request.params.id, request.query.discard ?? false);
      return reply.status(204).send();
    },
  );
  app.post(
    '/api/intake/submissions/:id/messages',
    { config: { access: 'intake' }, schema: { tags, params: Id, body: Type.Object({ body: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false }) } },
    async (request, reply) => {
      const submission = await staff.inbox.submission(request.params.id);
      if (!request.user) throw new AuthenticationError('sign in first');
      return reply.status(201).send(await staff.intake.messages.reply(submission.source_id, request.user.username, request.body.body));
    },
  );
  app.get('/api/intake/questionnaire', { config: { access: 'intake' }, schema: { tags } }, async () => ({ questions: await staff.intake.questionnaire.questions() }));
  app.put(
    '/api/intake/questionnaire',
    { config: { access: 'manage' }, schema: { tags, body: Type.Object({ questions: Type.Array(Question, { maxItems: 40 }) }, { additionalProperties: false }) } },
    async (request) => ({ questions: await staff.intake.questionnaire.replace(request.body.questions) }),
  );
}
