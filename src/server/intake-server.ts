import type { App } from './app-types.js';
import { createFastify } from './fastify-base.js';
import { intakePlugin, type IntakePluginOptions } from './intake/intake-plugin.js';

/** The intake role alone: source pages and the upload endpoint, without a line of the staff side loaded. */
export async function buildIntakeServer(options: IntakePluginOptions & { logLevel?: 'silent' | 'error' | 'info' }): Promise<App> {
  const app = await createFastify(options.logLevel);
  await app.register(async (context: App) => intakePlugin(context, options), { prefix: '/submit' });
  app.get('/', async (_request, reply) => reply.redirect('/submit/'));
  return app;
}
