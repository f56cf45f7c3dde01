/// <reference lib="dom" /> // page.evaluate callbacks run in the browser
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openJobs } from '../../src/app/open-jobs.js';
import { openVigil } from '../../src/app/open-vigil.js';
import type { IncidentPage } from '../../src/cases/index.js';
import { loadConfig } from '../../src/config/config.js';
import { intakeNoticeSweepJob, NOTICE_MAIL } from '../../src/inbox/index.js';
import { parseMail, startSmtp, type SmtpInbox } from '../helpers/smtp-inbox.js';
import {
  LAPTOP,
  launchChromium,
  openStaffPage,
  PHONE,
  seriousViolations,
  signIn,
  staffAppAvailable,
  startDemoServer,
  type DemoServer,
  type StaffAccount,
  type StaffPage,
} from '../helpers/staff-browser.js';
import { StaffBrowser } from '../helpers/staff-http.js';
import { vigilAwait } from './run-cli.js';

/**
 * An investigator's day in the staff app (issue 13), walked once in Russian and once in English with fresh records:
 * a source without JavaScript answers the questionnaire and sends a short video; the notification e-mail reaches a
 * real SMTP server and says only that something arrived; the investigator signs in, finds the submission on the home
 * page, assigns it, imports its file, creates an incident from it, links the video again picked by its file name
 * with a box dragged on the frame, and restricts the incident to a compartment. A colleague in the compartment sees
 * the change on their home page; an investigator outside it finds the incident nowhere, as if it did not exist.
 * axe-core runs on every page visited; screenshots at 1366×768 and 390×844 go to test/artifacts/investigator-day/.
 */
const ARTIFACTS = path.resolve('test/artifacts/investigator-day');
const MISSING_INCIDENT = 'inc_0000000000000000';

/** Every word the walk reads or clicks, in the language of the pass. */
const WORDS = {
  ru: {
    locale: 'ru-RU',
    source: {
      start: 'Получить кодовое имя и начать',
      writtenDown: 'Я записал(а) кодовое имя',
      continue: 'Продолжить',
      newSubmission: 'Новая передача',
      facility: 'Учреждение (колония, СИЗО, больница)',
      dates: 'Когда это происходило',
      shows: 'Что видно на файлах',
      next: 'Далее: выбрать файлы',
      files: 'Файлы',
      send: 'Отправить файлы',
    },
    answers: { facility: 'СИЗО-0 (демо)', dates: 'март 2026', shows: 'Вымышленная запись: надзиратель толкает заключённого у стены прогулочного двора.' },
    fileName: 'прогулочный-двор-камера-2.mp4',
    pattern: 'testsrc',
    filePart: 'прогулочный',
    compartment: 'Прогулочный двор (e2e)',
    title: 'Избиение во дворе СИЗО-0 (e2e, ru)',
    otherTitle: 'Beating in the yard of remand centre 0 (e2e, ru)',
    mainNav: 'Основное меню',
    incidents: 'Инциденты',
    submissionOf: /^Обращение от \d{1,2} [а-я]{3,4}\.? \d{4} г\.$/,
    filledIn: /^Заполнено по обращению от \d{1,2} [а-я]{3,4}\.? \d{4} г\.; 1 импортированный файл будет привязан как доказательство\.$/,
    work: 'Работа с обращением',
    change: 'Изменить',
    assignee: 'Ответственный',
    save: 'Сохранить',
    saved: 'Сохранено.',
    importRegion: 'Импорт в хранилище',
    importButton: 'Импортировать в хранилище',
    importDone: 'Импорт завершён.',
    createFrom: 'Создать инцидент из этого обращения',
    newIncident: 'Новый инцидент',
    titleRu: 'Название (по-русски)',
    titleEn: 'Название (по-английски)',
    description: 'Описание (по-русски)',
    createIncident: 'Создать инцидент',
    facilityLabel: 'Учреждение',
    linkEvidence: 'Привязать доказательство',
    findFile: 'Найти файл',
    start: 'Начало (секунды)',
    end: 'Конец (секунды)',
    frame: 'Кадр: проведите, чтобы выделить область',
    boxNow: /^Рамка: 1\d(,\d)? ?% слева/,
    dangerArea: 'Ограничить доступ или удалить',
    restrictForm: 'Ограничить доступ',
    compartmentLabel: 'Отсек',
    saveRestriction: 'Сохранить ограничение',
    restrictedTo: (name: string) => `Доступ ограничен отсеком ${name}`,
    follow: 'Следить',
    search: 'Поиск',
    searchButton: 'Найти',
    newSince: 'Новое с последнего визита',
    oneChange: '1 изменение',
    nothingFound: 'Ничего не найдено.',
    notFound: 'Не найдено',
  },
  en: {
    locale: 'en-US',
    source: {
      start: 'Get a codename and start',
      writtenDown: 'I have written my codename down',
      continue: 'Continue',
      newSubmission: 'New submission',
      facility: 'Facility (prison, remand centre, hospital)',
      dates: 'When it happened',
      shows: 'What the files show',
      next: 'Next: choose files',
      files: 'Files',
      send: 'Send files',
    },
    answers: {
      facility: 'Pre-trial Detention Centre No. 0 (demo)',
      dates: 'March 2026',
      shows: 'A fictional recording: a guard pushes a prisoner against the exercise yard wall.',
    },
    fileName: 'exercise-yard-camera-2.mp4',
    pattern: 'testsrc2',
    filePart: 'exercise-yard',
    compartment: 'Exercise yard (e2e)',
    title: 'Beating in the yard of remand centre 0 (e2e, en)',
    otherTitle: 'Избиение во дворе СИЗО-0 (e2e, en)',
    mainNav: 'Main',
    incidents: 'Incidents',
    submissionOf: /^Submission received \d{1,2} [A-Z][a-z]{2} \d{4}$/,
    filledIn: /^Filled in from the submission of \d{1,2} [A-Z][a-z]{2} \d{4}\. 1 imported file will be linked as evidence\.$/,
    work: 'Handling',
    change: 'Change',
    assignee: 'Assigned to',
    save: 'Save',
    saved: 'Saved.',
    importRegion: 'Import into the vault',
    importButton: 'Import into vault',
    importDone: 'Import finished.',
    createFrom: 'Create an incident from this submission',
    newIncident: 'New incident',
    titleRu: 'Title (Russian)',
    titleEn: 'Title (English)',
    description: 'Description (English)',
    createIncident: 'Create incident',
    facilityLabel: 'Facility',
    linkEvidence: 'Link evidence',
    findFile: 'Find the file',
    start: 'Start (seconds)',
    end: 'End (seconds)',
    frame: 'The frame: drag to draw the box',
    boxNow: /^Box: from 1\d(\.\d)?% across/,
    dangerArea: 'Restrict or delete',
    restrictForm: 'Restrict access',
    compartmentLabel: 'Compartment',
    saveRestriction: 'Save restriction',
    restrictedTo: (name: string) => `Restricted to compartment ${name}`,
    follow: 'Follow',
    search: 'Search',
    searchButton: 'Search',
    newSince: 'New since your last visit',
    oneChange: '1 change',
    nothingFound: 'No incidents match.',
    notFound: 'Not found',
  },
} as const;

/** One of ffmpeg's test patterns, a few seconds of it as H.264: the short clip a source sends (another pattern, other bytes). */
function makeVideo(file: string, pattern: string): void {
  execFileSync('nice', [
    ...['-n', '19', 'ffmpeg', '-v', 'error', '-y', '-f', 'lavfi', '-i', `${pattern}=size=320x240:rate=10`, '-t', '4'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-movflags', '+faststart', '-threads', '1', file],
  ]);
}

/** Sends the notice sweep now, as the server's schedule does every quarter of an hour; the server's own worker runs it. */
async function sweepNoticesNow(env: NodeJS.ProcessEnv): Promise<void> {
  const vigil = await openVigil(loadConfig(env));
  try {
    const queue = await openJobs(vigil, { schedules: false });
    try {
      await queue.send(intakeNoticeSweepJob, {});
    } finally {
      await queue.close();
    }
  } finally {
    await vigil.close();
  }
}

/** Waits until the server's worker has nothing queued or running (the demo's own media analyses, at first). */
async function untilJobsIdle(env: NodeJS.ProcessEnv, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listing = JSON.parse((await vigilAwait(['jobs', '--json'], env)).stdout.toString()) as { queues: Array<{ queued: number; active: number }> };
    if (listing.queues.every((q) => q.queued + q.active === 0)) return;
    if (Date.now() > deadline) throw new Error(`the worker is still busy: ${JSON.stringify(listing.queues)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

describe.skipIf(!staffAppAvailable && !process.env.CI)("an investigator's day in the staff app, in Russian and in English", { timeout: 240_000 }, () => {
  let server: DemoServer;
  let smtp: SmtpInbox;
  let browser: Browser;
  const accounts: Record<'investigator' | 'colleague' | 'outsider', StaffAccount & { name: string; id?: string }> = {
    investigator: { username: 'irina', password: 'a long fictional password 1', name: 'Irina Sledova (e2e)' },
    colleague: { username: 'kolya', password: 'a long fictional password 2', name: 'Kolya Kollegov (e2e)' },
    outsider: { username: 'oleg', password: 'a long fictional password 3', name: 'Oleg Postoronny (e2e)' },
  };
  /** Every staff page opened: none may end with a script error or a CSP refusal. */
  const opened: StaffPage[] = [];
  /** The demo's administrator, over HTTP: sets up the accounts and compartments (their own pages are tested elsewhere). */
  let admin: StaffBrowser;

  beforeAll(async () => {
    smtp = await startSmtp();
    server = await startDemoServer('vigil-investigator-day-', {
      VIGIL_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      VIGIL_NOTIFY_TO: 'duty@example.org',
      VIGIL_JOB_POLL_MS: '200',
    });
    for (const account of Object.values(accounts)) {
      const added = await vigilAwait(['users', 'add', account.username, '--role', 'investigator', '--name', account.name], {
        ...server.env,
        VIGIL_NEW_PASSWORD: account.password,
      });
      expect(added.status, added.stderr.toString()).toBe(0);
    }
    admin = new StaffBrowser(server.base);
    await admin.signInFromDemoOutput(server.output());
    const users = (await (await admin.call('GET', '/api/users')).json()) as Array<{ id: string; username: string }>;
    for (const account of Object.values(accounts)) account.id = users.find((u) => u.username === account.username)!.id;
    browser = await launchChromium();
    // The notice sweep queues behind whatever the worker has to do: let it finish the demo's media first.
    await untilJobsIdle(server.env);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await smtp?.close();
  });

  for (const lang of ['ru', 'en'] as const) {
    describe(`in ${lang === 'ru' ? 'Russian' : 'English'}`, () => {
      const w = WORDS[lang];
      let page: Page;
      let submissionId = '';
      let codename = '';
      let incidentId = '';

      /** A page of one person's own browser, in the language of the pass. */
      async function personPage(): Promise<Page> {
        const one = await openStaffPage(browser, { locale: w.locale, viewport: LAPTOP, timeout: 20_000 });
        opened.push(one);
        return one.page;
      }

      /** No serious or critical axe-core violation, and the page is in the language of the pass. */
      async function checked(on: Page, name: string): Promise<void> {
        expect(await seriousViolations(on), `${lang} ${name}`).toEqual([]);
        expect(await on.evaluate(() => document.documentElement.lang)).toBe(lang);
      }

      /** Screenshots at a laptop's and a phone's width, axe-core at both. */
      async function shoot(on: Page, name: string): Promise<void> {
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        for (const [size, viewport] of [
          ['1366x768', LAPTOP],
          ['390x844', PHONE],
        ] as const) {
          await on.setViewportSize(viewport);
          await on.screenshot({ path: path.join(ARTIFACTS, `${lang}-${name}-${size}.png`), fullPage: true });
          await checked(on, `${name} ${size}`);
          // Nothing wider than the screen: a phone scrolls down, never sideways.
          expect(await on.evaluate(() => document.documentElement.scrollWidth), `${lang} ${name} ${size}`).toBeLessThanOrEqual(viewport.width);
        }
        await on.setViewportSize(LAPTOP);
      }

      beforeAll(async () => {
        const created = await admin.call('POST', '/api/compartments', {
          name: w.compartment,
          description: '',
          members: [accounts.investigator.id, accounts.colleague.id],
        });
        expect(created.status).toBe(201);
      });

      it('a source without JavaScript answers the questionnaire and sends a short video', async () => {
        const file = path.join(server.dir, w.fileName);
        makeVideo(file, w.pattern);
        const context = await browser.newContext({ javaScriptEnabled: false, locale: w.locale });
        const source = await context.newPage();
        source.setDefaultTimeout(20_000);
        await source.goto(`${server.base}/submit/?lang=${lang}`);
        await source.getByRole('button', { name: w.source.start }).click();
        codename = (await source.locator('#codename').textContent())!.trim();
        await source.getByLabel(w.source.writtenDown).check();
        await source.getByRole('button', { name: w.source.continue }).click();
        await source.getByRole('link', { name: w.source.newSubmission }).click();
        await source.getByLabel(w.source.facility).fill(w.answers.facility);
        await source.getByLabel(w.source.dates).fill(w.answers.dates);
        await source.getByLabel(w.source.shows).fill(w.answers.shows);
        await source.getByRole('button', { name: w.source.next }).click();
        await source.getByLabel(w.source.files, { exact: true }).setInputFiles(file);
        await source.getByRole('button', { name: w.source.send }).click();
        await source.waitForURL(/received=1/);
        submissionId = /submissions\/([^?]+)/.exec(source.url())![1]!;
        await context.close();
      });

      it('the notification e-mail arrives and says only that something arrived', async () => {
        const before = smtp.received.length;
        await sweepNoticesNow(server.env);
        await expect.poll(() => smtp.received.length, { timeout: 60_000 }).toBe(before + 1);
        const raw = smtp.received[before]!;
        const mail = parseMail(raw);
        expect(mail.body).toBe(NOTICE_MAIL.submission.text);
        const secrets = [
          codename,
          ...codename.split(/[\s-]+/).filter((word) => word.length > 3),
          submissionId,
          w.fileName,
          w.filePart,
          w.answers.shows,
          w.answers.facility,
          w.answers.dates,
        ];
        for (const secret of secrets) {
          expect(raw.toLowerCase(), `the e-mail holds "${secret}"`).not.toContain(secret.toLowerCase());
          expect(mail.body.toLowerCase(), `the e-mail holds "${secret}"`).not.toContain(secret.toLowerCase());
        }
        expect(raw).not.toMatch(/\b(sub|upl|msg|src|itm)_[0-9a-z]{6,}/);
        expect(raw).not.toMatch(/https?:\/\//);
      });

      it('the investigator signs in, lands on the home page and sees the new submission there', async () => {
        page = await personPage();
        await page.goto(`${server.base}/app/`);
        await checked(page, 'sign-in');
        await signIn(page, accounts.investigator, { lang });
        const link = page.getByRole('link', { name: w.submissionOf }).and(page.locator(`a[href$="${submissionId}"]`));
        await link.waitFor();
        await shoot(page, 'home-new-submission');
        await link.click();
        await page.getByRole('heading', { level: 1 }).waitFor();
      });

      it('they assign it, import its file into the vault and create an incident from it, answers carried over', async () => {
        const work = page.getByRole('region', { name: w.work });
        await work.getByRole('button', { name: w.change }).click();
        // In Russian they take it themselves; in English they hand it to the colleague.
        const assignee = lang === 'ru' ? accounts.investigator : accounts.colleague;
        await work.getByLabel(w.assignee, { exact: true }).selectOption({ label: `${assignee.name} (${assignee.username})` });
        await checked(page, 'submission-handling');
        await work.getByRole('button', { name: w.save, exact: true }).click();
        await page.getByRole('status').filter({ hasText: w.saved }).waitFor();
        await expect.poll(() => work.textContent()).toContain(assignee.name);

        const importing = page.getByRole('region', { name: w.importRegion });
        await importing.getByRole('button', { name: w.importButton }).click();
        await importing.getByText(w.importDone).waitFor({ timeout: 60_000 });
        await expect.poll(() => importing.getByRole('button', { name: w.importButton }).isDisabled()).toBe(true);
        await shoot(page, 'submission');

        await page.getByRole('link', { name: w.createFrom }).click();
        await page.getByRole('heading', { level: 1, name: w.newIncident }).waitFor();
        await expect.poll(() => page.getByLabel(w.description, { exact: true }).inputValue()).toContain(w.answers.shows);
        // The day of the submission as every date of the app reads, not as an ISO string.
        expect(await page.locator('main p.hint').first().textContent()).toMatch(w.filledIn);
        expect(await page.getByLabel(w.facilityLabel, { exact: true }).locator('option:checked').textContent()).toBe(w.answers.facility);
        await page.getByLabel(w.titleRu, { exact: true }).fill(lang === 'ru' ? w.title : w.otherTitle);
        await page.getByLabel(w.titleEn, { exact: true }).fill(lang === 'en' ? w.title : w.otherTitle);
        await shoot(page, 'incident-from-submission');
        await page.getByRole('button', { name: w.createIncident }).click();
        await page.getByRole('heading', { level: 1, name: w.title }).waitFor();
        incidentId = /\/app\/incidents\/(inc_[0-9a-z]+)/.exec(page.url())![1]!;
        await checked(page, 'incident-created');
      });

      it('on the incident page they pick the video by its file name and drag a box on its frame', async () => {
        await page.getByRole('button', { name: w.linkEvidence }).click();
        const form = page.getByRole('form', { name: w.linkEvidence });
        await form.getByLabel(w.findFile, { exact: true }).fill(w.filePart);
        await form.getByRole('button', { name: new RegExp(w.fileName) }).click();
        await form.getByLabel(w.start, { exact: true }).fill('1');
        await form.getByLabel(w.end, { exact: true }).fill('3');
        await page.waitForFunction(() => {
          const video = document.querySelector('.frame-box video') as HTMLVideoElement | null;
          return !!video && video.readyState >= 2 && Math.abs(video.currentTime - 1) < 0.2;
        });
        const surface = form.getByRole('group', { name: w.frame });
        await surface.scrollIntoViewIfNeeded();
        const area = (await surface.boundingBox())!;
        await page.mouse.move(area.x + area.width * 0.15, area.y + area.height * 0.25);
        await page.mouse.down();
        await page.mouse.move(area.x + area.width * 0.4, area.y + area.height * 0.5, { steps: 5 });
        await page.mouse.move(area.x + area.width * 0.55, area.y + area.height * 0.75, { steps: 5 });
        await page.mouse.up();
        await form.getByText(w.boxNow).waitFor();
        await checked(page, 'link-evidence');
        await form.getByRole('button', { name: w.linkEvidence }).click();
        await form.waitFor({ state: 'detached' });

        const stored = (await page.evaluate(async (id) => (await fetch(`/api/incidents/${id}`)).json(), incidentId)) as IncidentPage;
        // The file was linked once when the incident was made from the submission, and now again with the moment and the box.
        expect(stored.evidence).toHaveLength(2);
        const boxed = stored.evidence.find((e) => e.box !== null)!;
        expect(boxed).toMatchObject({ startSeconds: 1, endSeconds: 3 });
        expect(boxed.box!.x).toBeCloseTo(0.15, 1);
        expect(boxed.box!.y).toBeCloseTo(0.25, 1);
        expect(boxed.box!.width).toBeCloseTo(0.4, 1);
        expect(boxed.box!.height).toBeCloseTo(0.5, 1);
      });

      it('a colleague in the compartment and an investigator outside it both follow the incident while it is open to all', async () => {
        for (const who of [accounts.colleague, accounts.outsider]) {
          const other = await personPage();
          await signIn(other, who, { base: server.base, lang });
          await other.getByRole('navigation', { name: w.mainNav }).getByRole('link', { name: w.incidents, exact: true }).click();
          await other.getByRole('searchbox', { name: w.search }).fill(w.title);
          await other.getByRole('button', { name: w.searchButton, exact: true }).click();
          await other.getByRole('link', { name: w.title }).click();
          await other.getByRole('heading', { level: 1, name: w.title }).waitFor();
          const follow = other.getByRole('button', { name: w.follow, exact: true });
          if ((await follow.getAttribute('aria-pressed')) !== 'true') await follow.click();
          await expect.poll(() => follow.getAttribute('aria-pressed')).toBe('true');
          await checked(other, 'incident-followed');
          await other.context().close();
        }
      });

      it('they restrict the incident to the compartment, picked by its name', async () => {
        await page.getByRole('heading', { name: w.dangerArea }).click();
        const form = page.getByRole('form', { name: w.restrictForm });
        await form.getByLabel(w.compartmentLabel, { exact: true }).selectOption({ label: w.compartment });
        await checked(page, 'restrict');
        await form.getByRole('button', { name: w.saveRestriction }).click();
        await page.getByText(w.restrictedTo(w.compartment)).waitFor();
        await shoot(page, 'incident-restricted');
      });

      it('the colleague signs in and sees the change on their home page', async () => {
        const colleague = await personPage();
        await signIn(colleague, accounts.colleague, { base: server.base, lang });
        const item = colleague
          .getByRole('region', { name: w.newSince })
          .getByRole('listitem')
          .filter({ has: colleague.getByRole('link', { name: w.title }) });
        await item.waitFor();
        expect(await item.textContent()).toContain(w.oneChange);
        await shoot(colleague, 'colleague-home');
        await item.getByRole('link', { name: w.title }).click();
        await colleague.getByText(w.restrictedTo(w.compartment)).waitFor();
        await checked(colleague, 'colleague-incident');
        await colleague.context().close();
      });

      it('an investigator outside the compartment finds it nowhere, the same answer as for an incident that does not exist', async () => {
        const outsider = await personPage();
        await signIn(outsider, accounts.outsider, { base: server.base, lang });
        await outsider.getByRole('region', { name: w.newSince }).waitFor();
        const home = (await outsider.locator('main').textContent())!;
        expect(home).not.toContain(w.title);
        expect(home).not.toContain(w.fileName);
        await shoot(outsider, 'outsider-home');

        await outsider.getByRole('navigation', { name: w.mainNav }).getByRole('link', { name: w.incidents, exact: true }).click();
        await outsider.getByRole('searchbox', { name: w.search }).fill(w.title);
        await outsider.getByRole('button', { name: w.searchButton, exact: true }).click();
        await outsider.getByText(w.nothingFound).waitFor();
        expect(await outsider.getByRole('link', { name: w.title }).count()).toBe(0);
        await shoot(outsider, 'outsider-incidents');

        const answers: string[] = [];
        for (const id of [incidentId, MISSING_INCIDENT]) {
          await outsider.goto(`${server.base}/app/incidents/${id}`);
          await outsider.getByRole('heading', { level: 1, name: w.notFound }).waitFor();
          answers.push((await outsider.locator('main').textContent())!);
        }
        expect(answers[0]).toBe(answers[1]);
        await shoot(outsider, 'outsider-incident-not-found');
        const api = await outsider.evaluate(
          async (ids) =>
            Promise.all(
              ids.map(async (id) => {
                const response = await fetch(`/api/incidents/${id}`);
                return { status: response.status, body: (await response.text()).replaceAll(id, 'ID') };
              }),
            ),
          [incidentId, MISSING_INCIDENT],
        );
        expect(api[0]).toEqual(api[1]);
        expect(api[0]!.status).toBe(404);
        await outsider.context().close();
        await page.context().close();
        expect(opened.flatMap((one) => one.problems)).toEqual([]);
      });
    });
  }
});
