import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { startIntakeDemo, stopIntakeDemo, type IntakeDemo } from '../helpers/intake-demo.js';
import { SourceClient } from '../helpers/intake-source.js';

/** A page on another origin that signs whoever opens it into the intake with the attacker's codename. */
function attackerSite(target: string, codename: string): Promise<http.Server> {
  const page = `<!doctype html><html><head><meta name="referrer" content="no-referrer"></head><body>
<form id="f" method="post" action="${target}/submit/login?lang=en"><input type="hidden" name="codename" value="${codename}"><button>See the photos</button></form>
<script>document.getElementById('f').submit()</script></body></html>`;
  const server = http.createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end(page));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe('login CSRF on the intake, in Debian chromium', () => {
  let demo: IntakeDemo;
  let browser: Browser;
  let attacker: http.Server;
  let attackerCodename: string;

  beforeAll(async () => {
    demo = await startIntakeDemo('vigil-intake-csrf-');
    browser = await launchChromium();
    attackerCodename = await new SourceClient(demo.base).newCodename();
    attacker = await attackerSite(demo.base, attackerCodename);
  }, 120_000);
  afterAll(async () => {
    attacker?.close();
    await browser?.close();
    await stopIntakeDemo(demo);
  });

  for (const javaScript of [true, false]) {
    it(`a page on another origin cannot sign the source in as someone else (intake pages with JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const victim = await browser.newContext({ javaScriptEnabled: javaScript });
      const page = await victim.newPage();
      await page.goto(`${demo.base}/submit/?lang=en`);
      await page.getByRole('button', { name: 'Get a codename and start' }).click();
      const victimCodename = (await page.locator('#codename').textContent())!.trim();
      await page.locator('#written-down').check();
      await page.locator('#codename-continue').click();
      await page.waitForURL(/\/submit\/home/);

      // The victim's browser opens the attacker's page, which submits the attacker's codename (by itself, or
      // when the victim clicks its button).
      const lure = await victim.newPage();
      const answer = lure.waitForResponse((response) => response.url().startsWith(`${demo.base}/submit/login`));
      await lure.goto(`http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`);
      if (!javaScript) await lure.getByRole('button', { name: 'See the photos' }).click();
      expect.soft((await answer).status()).toBe(403);
      await lure.close();

      const secret = `a message only the victims own thread may hold (${javaScript ? 'js' : 'no-js'})`;
      await page.goto(`${demo.base}/submit/home?lang=en`);
      await page.getByLabel('Write to us').fill(secret);
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      await page.waitForURL(/#messages$/);
      expect(await page.locator('#messages').textContent()).toContain(secret);

      const attackerClient = new SourceClient(demo.base);
      expect((await attackerClient.signIn(attackerCodename)).status).toBe(303);
      expect(await (await attackerClient.call('GET', '/submit/home?lang=en')).text()).not.toContain(secret);

      // The source's own sign-in page still works, without and with JavaScript.
      const again = await browser.newContext({ javaScriptEnabled: javaScript });
      const back = await again.newPage();
      await back.goto(`${demo.base}/submit/login?lang=en`);
      await back.getByLabel('Codename (seven words)').fill(victimCodename);
      const signIn = back.waitForRequest((request) => request.method() === 'POST' && request.url().startsWith(`${demo.base}/submit/login`));
      await back.getByRole('button', { name: 'Sign in' }).click();
      await back.waitForURL(/\/submit\/home/);
      // The page's referrer policy (same-origin) has it name its origin, so the guard can refuse `Origin: null`.
      expect((await (await signIn).allHeaders()).origin).toBe(demo.base);
      expect(await back.locator('#messages').textContent()).toContain(secret);
      await again.close();
      await victim.close();
    }, 120_000);
  }
});
