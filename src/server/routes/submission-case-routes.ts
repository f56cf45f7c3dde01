import { Type } from 'typebox';
import { AssignInput, CaseChoices, CommentInput, ItemSourceAnswers, LabelsInput, StatusInput, SubmissionCase, SubmissionItems } from '../../inbox/index.js';
import type { IntakeStaff } from '../../inbox/index.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import type { HiddenItems } from './intake-routes.js';
import { replies } from './common.js';

const Id = Type.Object({ id: Type.String({ maxLength: 64 }) });

/** Submissions as cases of work (status, assignee, labels, comments), their items, and what sources said of an item. */
export function submissionCaseRoutes(app: App, staff: IntakeStaff, items: HiddenItems): void {
  const tags = ['intake'];
  const cases = staff.cases;
  app.get('/api/intake/case-choices', { config: { access: 'intake' }, schema: { tags, response: replies({ 200: CaseChoices }) } }, async () => cases.choices());
  app.get(
    '/api/intake/submissions/:id/case',
    { config: { access: 'intake' }, schema: { tags, params: Id, response: replies({ 200: SubmissionCase }) } },
    async (request) => cases.view(request.params.id),
  );
  app.put(
    '/api/intake/submissions/:id/assignee',
    { config: { access: 'intake' }, schema: { tags, params: Id, body: AssignInput, response: replies({ 200: SubmissionCase }) } },
    async (request) => cases.assign(viewerOf(request), request.params.id, request.body.assigneeId),
  );
  app.put(
    '/api/intake/submissions/:id/status',
    { config: { access: 'intake' }, schema: { tags, params: Id, body: StatusInput, response: replies({ 200: SubmissionCase }) } },
    async (request) => cases.setStatus(viewerOf(request), request.params.id, request.body.status),
  );
  app.put(
    '/api/intake/submissions/:id/labels',
    { config: { access: 'intake' }, schema: { tags, params: Id, body: LabelsInput, response: replies({ 200: SubmissionCase }) } },
    async (request) => cases.setLabels(viewerOf(request), request.params.id, request.body.labels),
  );
  app.post(
    '/api/intake/submissions/:id/comments',
    { config: { access: 'intake' }, schema: { tags, params: Id, body: CommentInput, response: replies({ 201: SubmissionCase }) } },
    async (request, reply) => reply.status(201).send(await cases.comment(viewerOf(request), request.params.id, request.body.body)),
  );
  app.get(
    '/api/intake/submissions/:id/items',
    { config: { access: 'intake' }, schema: { tags, params: Id, response: replies({ 200: SubmissionItems }) } },
    async (request) => {
      const all = await cases.items(request.params.id);
      const hidden = await items.hiddenAmong(viewerOf(request), all);
      return { itemIds: all.filter((id) => !hidden.has(id)) };
    },
  );
  app.get(
    '/api/intake/items/:id/answers',
    { config: { access: 'intake' }, schema: { tags, params: Id, response: replies({ 200: ItemSourceAnswers }) } },
    async (request) => {
      // An item absent or hidden from the caller: 404 alike, whatever its submissions said.
      await items.get(viewerOf(request), request.params.id);
      return cases.answersOfItem(request.params.id);
    },
  );
}
