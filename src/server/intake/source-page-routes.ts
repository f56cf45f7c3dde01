import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { IntakeError, formatBytes } from '../../intake/index.js';
import type { Intake } from '../../intake/index.js';
import type { App } from '../app-types.js';
import { checkedSourceOf, clearSourceCookie, setSourceCookie, sourceOf, SOURCE_COOKIE } from './intake-session.js';
import { LoginFormToken } from './login-form-token.js';
import { TEXT, langOf, type Lang } from './intake-text.js';
import type { IntakePageConfig } from '../../intake/index.js';
import { codenamePage, homePage, landingPage, loginPage, questionsPage, uploadPage } from './source-pages.js';
import { TUS_PATH } from './tus-routes.js';

const CHUNK_SIZE = 8 * 1024 * 1024;
type Form = Record<string, string | undefined>;
const FORM_EXPIRED = 'This form has expired. Type your codename again and sign in.';

/** The source's pages; each works with JavaScript off, the upload script only enhances them. */
export function sourcePageRoutes(app: App, intake: Intake, formLimit: string): void {
  const html = (reply: FastifyReply, page: string, status = 200) => reply.status(status).type('text/html; charset=utf-8').send(page);
  const config = (lang: Lang, extra: Partial<IntakePageConfig> = {}): IntakePageConfig => ({
    lang,
    codenameSalt: intake.sources.installationSalt,
    recipients: intake.recipients,
    tusEndpoint: TUS_PATH,
    apiBase: '/submit/api',
    chunkSize: CHUNK_SIZE,
    ...extra,
  });
  const lang = (request: FastifyRequest) => langOf(request.query);
  const loginToken = new LoginFormToken();
  const signInPage = (request: FastifyRequest, reply: FastifyReply, error?: string) =>
    loginPage(lang(request), config(lang(request)), loginToken.issue(request, reply), error);

  const limits = { pending: formatBytes(intake.config.pendingLimitBytes), form: formLimit };
  app.get('/', async (request, reply) => html(reply, landingPage(lang(request), limits, await intake.landing.get())));

  app.post('/codename', async (request, reply) => {
    const { codename, token } = await intake.sources.create(lang(request));
    setSourceCookie(reply, token);
    return html(reply, codenamePage(lang(request), codename, config(lang(request))));
  });

  app.get('/login', async (request, reply) => html(reply, signInPage(request, reply)));

  app.post('/login', async (request, reply) => {
    const form = (request.body as Form | undefined) ?? {};
    if (!loginToken.accepts(request, form.csrf)) return html(reply, signInPage(request, reply, FORM_EXPIRED), 403);
    try {
      const { token } = await intake.sources.signIn(form.codename ?? '');
      loginToken.clear(reply);
      setSourceCookie(reply, token);
      return reply.redirect(`/submit/home?lang=${lang(request)}`, 303);
    } catch (error) {
      if (error instanceof IntakeError && error.status === 401) return html(reply, signInPage(request, reply, error.message), 401);
      throw error;
    }
  });

  app.post('/logout', async (request, reply) => {
    checkedSourceOf(intake, request);
    intake.sources.signOut(request.cookies[SOURCE_COOKIE]);
    clearSourceCookie(reply);
    return reply.redirect(`/submit/?lang=${lang(request)}`, 303);
  });

  app.get('/home', async (request, reply) => {
    const session = sourceOf(intake, request);
    const [submissions, messages] = await Promise.all([intake.submissions.ofSource(session), intake.messages.forSource(session)]);
    return html(reply, homePage(lang(request), submissions, messages, session.csrfToken));
  });

  app.post('/messages', async (request, reply) => {
    const session = checkedSourceOf(intake, request);
    await intake.messages.fromSource(session, (request.body as Form | undefined)?.body ?? '');
    return reply.redirect(`/submit/home?lang=${lang(request)}#messages`, 303);
  });

  app.get('/new', async (request, reply) => {
    const session = sourceOf(intake, request);
    return html(reply, questionsPage(lang(request), await intake.questionnaire.questions(), session.csrfToken));
  });

  app.post('/submissions', async (request, reply) => {
    const session = checkedSourceOf(intake, request);
    try {
      const id = await intake.submissions.create(session, (request.body as Form | undefined) ?? {});
      return reply.redirect(`/submit/submissions/${id}?lang=${lang(request)}`, 303);
    } catch (error) {
      if (error instanceof IntakeError && error.status === 400)
        return html(reply, questionsPage(lang(request), await intake.questionnaire.questions(), session.csrfToken, error.message), 400);
      throw error;
    }
  });

  app.get('/submissions/:id', async (request, reply) => {
    const session = sourceOf(intake, request);
    const { id } = request.params as { id: string };
    const received = Number((request.query as { received?: string }).received);
    const notice = Number.isInteger(received) && received > 0 ? { ok: true, text: TEXT[lang(request)].formReceived(received) } : undefined;
    return html(
      reply,
      uploadPage(
        lang(request),
        await intake.submissions.own(session, id),
        config(lang(request), { csrfToken: session.csrfToken, submissionId: id }),
        formLimit,
        notice,
      ),
    );
  });

  app.post('/submissions/:id/form-upload', async (request, reply) => {
    const session = checkedSourceOf(intake, request);
    const { id } = request.params as { id: string };
    if (!request.isMultipart()) throw new IntakeError(415, 'not-multipart', 'Send the files with the form on the upload page.');
    let received = 0;
    // Each file is at most what the request's declared length leaves once the files before it are counted.
    const declared = Number(request.headers['content-length']);
    let left = Number.isSafeInteger(declared) && declared >= 0 ? declared : null;
    try {
      for await (const part of request.files()) {
        const file = part as MultipartFile;
        if (!file.filename) {
          file.file.resume();
          continue;
        }
        const size = await intake.submissions.receiveFormFile(session, id, { stream: file.file, filename: file.filename, mimetype: file.mimetype }, left);
        if (left !== null) left = Math.max(0, left - size);
        received++;
      }
    } catch (error) {
      if (error instanceof IntakeError && error.status < 500) {
        const page = uploadPage(
          lang(request),
          await intake.submissions.own(session, id),
          config(lang(request), { csrfToken: session.csrfToken, submissionId: id }),
          formLimit,
          { ok: false, text: error.message },
        );
        return html(reply, page, error.status);
      }
      throw error;
    }
    return reply.redirect(`/submit/submissions/${id}?lang=${lang(request)}&received=${received}`, 303);
  });
}
