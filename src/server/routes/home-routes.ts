import { FollowState, Home, HomeSeenInput } from '../../app/index.js';
import type { HomeService } from '../../app/index.js';
import type { Cases } from '../../cases/index.js';
import { viewerOf } from '../access.js';
import type { App } from '../app-types.js';
import { IdParams, NoContent, replies } from './common.js';

/** The signed-in person's home page, marking it seen, and following incidents. */
export function homeRoutes(app: App, home: HomeService): void {
  const tags = ['home'];
  app.get('/api/home', { config: { access: 'signed-in' }, schema: { tags, response: replies({ 200: Home }) } }, async (request) =>
    home.home(viewerOf(request)),
  );
  app.post(
    '/api/home/seen',
    { config: { access: 'signed-in' }, schema: { tags, body: HomeSeenInput, response: replies({ 204: NoContent }) } },
    async (request, reply) => {
      await home.markSeen(viewerOf(request), request.body);
      return reply.status(204).send(null);
    },
  );
}

export function followRoutes(app: App, cases: Cases): void {
  const tags = ['incidents'];
  app.get(
    '/api/incidents/:id/follow',
    { config: { access: 'read' }, schema: { tags, params: IdParams, response: replies({ 200: FollowState }) } },
    async (request) => ({ following: await cases.follows.following(viewerOf(request), request.params.id) }),
  );
  app.put(
    '/api/incidents/:id/follow',
    { config: { access: 'read' }, schema: { tags, params: IdParams, body: FollowState, response: replies({ 200: FollowState }) } },
    async (request) => ({ following: await cases.follows.setFollowing(viewerOf(request), request.params.id, request.body.following) }),
  );
}
