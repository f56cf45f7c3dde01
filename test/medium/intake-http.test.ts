import crypto from 'node:crypto';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCodename } from '../../src/crypto/codename.js';
import { DEFAULT_SCRYPT_LIMITS } from '../../src/crypto/scrypt-gate.js';
import type { Intake } from '../../src/intake/open-intake.js';
import type { App } from '../../src/server/app-types.js';
import { DATABASE_KINDS } from '../helpers/databases.js';
import { serveIntake, stopServedIntake, type ServedIntake } from '../helpers/intake-server.js';

const STALL = { windowMs: 400, minBytes: 1024 };
const FORM = 'application/x-www-form-urlencoded';

function multipart(boundary: string, filename: string, content: Buffer): { head: Buffer; content: Buffer; tail: Buffer } {
  return {
    head: Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    content,
    tail: Buffer.from(`\r\n--${boundary}--\r\n`),
  };
}

/** Sends a request by hand: `pieces` one after another with a pause between them; resolves with what came back once the server closes. */
function rawRequest(port: number, head: string, pieces: Buffer[], pauseMs: number): Promise<{ response: string; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    const giveUp = setTimeout(() => {
      socket.destroy();
      resolve({ response, closed: false });
    }, 15_000);
    socket.on('data', (data) => {
      response += data.toString('latin1');
      if (/^HTTP\/1\.1 \d{3}/.test(response) && response.includes('\r\n\r\n')) socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(giveUp);
      resolve({ response, closed: true });
    });
    socket.write(head);
    void (async () => {
      for (const piece of pieces) {
        if (socket.destroyed) return;
        socket.write(piece);
        await new Promise((r) => setTimeout(r, pauseMs));
      }
    })();
  });
}

describe.each(DATABASE_KINDS)('the intake over HTTP on %s', (kind) => {
  let served: ServedIntake;
  let intake: Intake;
  let app: App;
  let port: number;

  beforeEach(async () => {
    served = await serveIntake(kind, 'vigil-intake-http-', { VIGIL_INTAKE_PENDING_LIMIT: '1MB' }, STALL);
    ({ intake, app, port } = served);
  });
  afterEach(async () => {
    await stopServedIntake(served);
  });

  async function signedInSource() {
    const { token, session } = await intake.sources.create();
    const submission = await intake.submissions.create(session, {});
    return { cookie: `vigil_source=${token}`, csrf: session.csrfToken, session, submission };
  }

  async function signInForm(): Promise<{ cookie: string; csrf: string }> {
    const page = await app.inject({ method: 'GET', url: '/submit/login?lang=en' });
    const cookie = page.cookies.find((c) => c.name === 'vigil_login')!;
    return { cookie: `vigil_login=${cookie.value}`, csrf: /name="csrf" value="([^"]+)"/.exec(page.body)![1]! };
  }

  it('refuses, on every kind of route, a state-changing request that another site sent, and stores nothing of it', async () => {
    const { cookie, csrf, session } = await signedInSource();
    const requests = [
      { method: 'POST', url: '/submit/codename?lang=en', type: 'text/html' },
      {
        method: 'POST',
        url: '/submit/messages?lang=en',
        type: 'text/html',
        payload: new URLSearchParams({ csrf, body: 'a forged message' }).toString(),
        contentType: FORM,
      },
      { method: 'POST', url: '/submit/files/', type: 'text/plain', tus: true },
      { method: 'PATCH', url: '/submit/files/upl_0000000000000000', type: 'text/plain', tus: true },
      { method: 'DELETE', url: '/submit/files/upl_0000000000000000', type: 'text/plain', tus: true },
      {
        method: 'POST',
        url: '/submit/api/uploads/upl_0000000000000000/manifest',
        type: 'application/json',
        payload: JSON.stringify({ manifest: 'AAAA' }),
        contentType: 'application/json',
      },
    ] as const;
    // `Origin: null` without Sec-Fetch-Site: a sandboxed frame in a browser that does not send it (this site's own
    // pages send their origin: their referrer policy is same-origin).
    for (const from of [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'http://attacker.example' }, { origin: 'null' }]) {
      for (const r of requests) {
        const response = await app.inject({
          method: r.method,
          url: r.url,
          payload: 'payload' in r ? r.payload : undefined,
          headers: {
            cookie,
            'x-vigil-csrf': csrf,
            ...('contentType' in r ? { 'content-type': r.contentType } : {}),
            ...('tus' in r ? { 'tus-resumable': '1.0.0' } : {}),
            ...from,
          },
        });
        expect(response.statusCode, `${r.method} ${r.url} ${JSON.stringify(from)}`).toBe(403);
        expect(response.headers['content-type']).toContain(r.type);
        expect(response.body).toContain('sent by another website');
      }
    }
    expect(await intake.messages.forSource(session)).toEqual([]);

    const sameOrigin = [{ 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'same-origin', origin: 'null' }, { origin: 'http://localhost:80' }, {}];
    for (const from of sameOrigin) {
      const response = await app.inject({
        method: 'POST',
        url: '/submit/messages?lang=en',
        payload: new URLSearchParams({ csrf, body: 'from the page itself' }).toString(),
        headers: { cookie, 'content-type': FORM, ...from },
      });
      expect(response.statusCode, JSON.stringify(from)).toBe(303);
    }
    // Whatever the headers, the form token is still needed.
    const forged = await app.inject({
      method: 'POST',
      url: '/submit/messages?lang=en',
      payload: new URLSearchParams({ body: 'no token' }).toString(),
      headers: { cookie, 'content-type': FORM, 'sec-fetch-site': 'same-origin' },
    });
    expect(forged.statusCode).toBe(403);
    expect(await intake.messages.forSource(session)).toHaveLength(sameOrigin.length);
  });

  it('signs in only with the token of the sign-in page this browser opened', async () => {
    const { codename } = await intake.sources.create();
    const post = (cookie: string | undefined, csrf: string | undefined) =>
      app.inject({
        method: 'POST',
        url: '/submit/login?lang=en',
        payload: new URLSearchParams({ codename, ...(csrf ? { csrf } : {}) }).toString(),
        headers: { 'content-type': FORM, ...(cookie ? { cookie } : {}) },
      });
    const mine = await signInForm();
    const theirs = await signInForm();
    for (const [cookie, csrf] of [
      [undefined, undefined],
      [mine.cookie, undefined],
      [undefined, mine.csrf],
      [mine.cookie, theirs.csrf],
    ] as const) {
      const refused = await post(cookie, csrf);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('This form has expired');
      expect(refused.cookies.map((c) => c.name)).not.toContain('vigil_source');
    }
    const signedIn = await post(mine.cookie, mine.csrf);
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.cookies.find((c) => c.name === 'vigil_source')).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict' });
    expect(signedIn.cookies.find((c) => c.name === 'vigil_login')?.value).toBe(''); // cleared once used
  });

  it('bounds the scrypt work of a flood of wrong codenames: the rest are told 503 with Retry-After, and pages still answer', async () => {
    const form = await signInForm();
    const flood = Array.from({ length: 32 }, () =>
      app.inject({
        method: 'POST',
        url: '/submit/login?lang=en',
        payload: new URLSearchParams({ codename: generateCodename(), csrf: form.csrf }).toString(),
        headers: { 'content-type': FORM, cookie: form.cookie },
      }),
    );
    const page = await app.inject({ method: 'GET', url: '/submit/?lang=en' });
    expect(page.statusCode).toBe(200);
    const answers = await Promise.all(flood);
    const statuses = answers.map((a) => a.statusCode);
    expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
    const busy = answers.filter((a) => a.statusCode === 503);
    expect(busy.length).toBeGreaterThanOrEqual(32 - DEFAULT_SCRYPT_LIMITS.inFlight - DEFAULT_SCRYPT_LIMITS.queuedPerLane);
    for (const answer of busy) {
      expect(answer.headers['retry-after']).toBe(String(DEFAULT_SCRYPT_LIMITS.retryAfterSeconds));
      expect(answer.body).toContain('The server is busy');
    }
  });

  it('closes the connection of a body that stalls, and keeps one that flows slowly', async () => {
    const { cookie, csrf, session } = await signedInSource();
    const body = Buffer.from(new URLSearchParams({ csrf, body: 'a'.repeat(18_000) }).toString());
    const head = `POST /submit/messages?lang=en HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nContent-Type: ${FORM}\r\nContent-Length: ${body.length}\r\n\r\n`;

    const stalled = await rawRequest(port, head, [body.subarray(0, 2048)], 10);
    expect(stalled).toEqual({ closed: true, response: '' });
    expect(await intake.messages.forSource(session)).toEqual([]);

    // 2 KiB every 100 ms: slow, but never less than the 1 KiB per 400 ms this test calls a stall.
    const pieces: Buffer[] = [];
    for (let at = 0; at < body.length; at += 2048) pieces.push(body.subarray(at, at + 2048));
    const flowing = await rawRequest(port, head, pieces, 100);
    expect(flowing.response).toMatch(/^HTTP\/1\.1 303/);
    expect(await intake.messages.forSource(session)).toHaveLength(1);
  });

  it('keeps a form upload that flows slowly for longer than a stall', async () => {
    const { cookie, csrf, submission } = await signedInSource();
    const boundary = 'vigil-test-boundary';
    const content = crypto.randomBytes(48 * 1024);
    const parts = multipart(boundary, 'slow.bin', content);
    const length = parts.head.length + parts.content.length + parts.tail.length;
    const head = `POST /submit/submissions/${submission}/form-upload?lang=en&csrf=${csrf} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\n\r\n`;
    const pieces = [parts.head];
    for (let at = 0; at < content.length; at += 2048) pieces.push(content.subarray(at, at + 2048));
    pieces.push(parts.tail);
    const flowing = await rawRequest(port, head, pieces, 100);
    expect(flowing.response).toMatch(/^HTTP\/1\.1 303/);
    expect(flowing.response).toMatch(/location: \/submit\/submissions\/[^\r]+received=1/i);
    expect(await intake.repo.filesOfSubmission(submission)).toEqual([expect.objectContaining({ state: 'complete', via: 'form' })]);
  });

  it('takes a 390 KB form upload under a 1 MB pending limit: the file counts for its declared size, not the 2 GB form limit', async () => {
    const { cookie, csrf, submission } = await signedInSource();
    const boundary = 'vigil-test-boundary';
    const parts = multipart(boundary, 'photo.jpg', crypto.randomBytes(390_000));
    const response = await app.inject({
      method: 'POST',
      url: `/submit/submissions/${submission}/form-upload?lang=en&csrf=${csrf}`,
      payload: Buffer.concat([parts.head, parts.content, parts.tail]),
      headers: { cookie, 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('received=1');
  });
});
