import { Type } from 'typebox';
import { ImportStatus, Inbox, InboxQuery, IntakeLanding, MessageInput, Questionnaire, StaffViewMessage, SubmissionDetail } from '../../inbox/index.js';
import type { Viewer } from '../../accounts/index.js';
import { importStatusFor } from '../../inbox/index.js';
import { inboxDetailFor } from '../../inbox/index.js';
import type { IntakeStaff } from '../../inbox/index.js';
import { AuthenticationError } from '../../shared/index.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { NoContent, replies } from './common.js';
import { submissionCaseRoutes } from './submission-case-routes.js';

/** Which vault items a caller may not see. */
export interface HiddenItems {
  hiddenAmong(viewer: Viewer, itemIds: string[]): Promise<Set<string>>;
  /** The item's page; not-found alike for an item absent or hidden from the viewer. */
  get(viewer: Viewer, id: string): Promise<unknown>;
}

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });

/**
 * The staff side of intake: inbox, import into the vault with live status, replies, deletion, the questionnaire.
 * What it says about vault items goes through `items`: a file whose item the caller may not see names none.
 */
export function intakeRoutes(app: App, staff: IntakeStaff, items: HiddenItems): void {
  const tags = ['intake'];
  const visibleStatus = async (viewer: Viewer, status: ImportStatus) =>
    importStatusFor(
      status,
      await items.hiddenAmong(
        viewer,
        status.imported.flatMap((i) => (i.itemId === null ? [] : [i.itemId])),
      ),
    );
  const statusFor = async (viewer: Viewer, status: ImportStatus | null) => (status === null ? null : visibleStatus(viewer, status));
  app.get(
    '/api/intake/submissions',
    { config: { access: 'intake' }, schema: { tags, querystring: InboxQuery, response: replies({ 200: Inbox }) } },
    async (request) => ({ submissions: await staff.inbox.list(request.query, viewerOf(request).userId) }),
  );
  app.get(
    '/api/intake/submissions/:id',
    { config: { access: 'intake' }, schema: { tags, params: Id, response: replies({ 200: SubmissionDetail }) } },
    async (request) => {
      const viewer = viewerOf(request);
      const detail = await staff.inbox.detail(request.params.id);
      const hidden = await items.hiddenAmong(
        viewer,
        detail.files.flatMap((f) => (f.itemId === null ? [] : [f.itemId])),
      );
      return { ...inboxDetailFor(detail, hidden), import: await statusFor(viewer, await staff.imports.status(request.params.id)) };
    },
  );
  app.post(
    '/api/intake/submissions/:id/import',
    { config: { access: 'intake' }, schema: { tags, params: Id, response: replies({ 202: ImportStatus }) } },
    async (request, reply) => {
      await staff.inbox.submission(request.params.id);
      return reply.status(202).send(await visibleStatus(viewerOf(request), await staff.imports.start(request.params.id)));
    },
  );
  app.get(
    '/api/intake/submissions/:id/import',
    { config: { access: 'intake' }, schema: { tags, params: Id, response: replies({ 200: ImportStatus }) } },
    async (request, reply) => {
      const status = await statusFor(viewerOf(request), await staff.imports.status(request.params.id));
      if (!status) return reply.status(404).send({ error: { code: 'not-found', message: 'no import of this submission was ever started' } });
      return status;
    },
  );
  app.delete(
    '/api/intake/submissions/:id',
    {
      config: { access: 'intake' },
      schema: { tags, params: Id, querystring: Type.Object({ discard: Type.Optional(Type.Boolean()) }), response: replies({ 204: NoContent }) },
    },
    async (request, reply) => {
      await staff.deleteSubmission(viewerOf(request), request.params.id, request.query.discard ?? false);
      return reply.status(204).send(null);
    },
  );
  app.post(
    '/api/intake/submissions/:id/messages',
    { config: { access: 'intake' }, schema: { tags, params: Id, body: MessageInput, response: replies({ 201: StaffViewMessage }) } },
    async (request, reply) => {
      const submission = await staff.inbox.submission(request.params.id);
      if (!request.user) throw new AuthenticationError('sign in first');
      return reply.status(201).send(await staff.intake.messages.reply(submission.source_id, request.user.username, request.body.body));
    },
  );
  app.get('/api/intake/questionnaire', { config: { access: 'intake' }, schema: { tags, response: replies({ 200: Questionnaire }) } }, async () => ({
    questions: await staff.intake.questionnaire.questions(),
  }));
  app.put(
    '/api/intake/questionnaire',
    { config: { access: 'manage' }, schema: { tags, body: Questionnaire, response: replies({ 200: Questionnaire }) } },
    async (request) => ({ questions: await staff.intake.questionnaire.replace(request.body.questions) }),
  );
  app.get('/api/intake/landing', { config: { access: 'intake' }, schema: { tags, response: replies({ 200: IntakeLanding }) } }, async () =>
    staff.intake.landing.get(),
  );
  app.put(
    '/api/intake/landing',
    { config: { access: 'manage' }, schema: { tags, body: IntakeLanding, response: replies({ 200: IntakeLanding }) } },
    async (request) => staff.intake.landing.replace(request.body),
  );
  submissionCaseRoutes(app, staff, items);
}
