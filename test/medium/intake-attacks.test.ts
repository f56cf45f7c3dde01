// Attacks on the intake and on staff sign-in that a security review found succeeding (issue 10, section 3). Each
// test states what must hold, and failed while the weakness was there. SQLite only: none of these depends on the
// database kind (the SQL they rely on is tested on both in intake.test.ts and accounts.test.ts). A new account's
// owner kept out by someone polling it (one verdict per delay) is a documented limit: docs/architecture.md.
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AccountService } from '../../src/accounts/account-service.js';
import { newTotpSecret } from '../../src/accounts/totp.js';
import type { AuditRepository } from '../../src/audit/audit-repository.js';
import { loadIntakeConfig } from '../../src/config/intake-config.js';
import type { OpenDatabase } from '../../src/db/database.js';
import { addDays, today } from '../../src/intake/intake-day.js';
import type { Intake } from '../../src/intake/open-intake.js';
import type { App } from '../../src/server/app-types.js';
import { buildIntakeServer } from '../../src/server/intake-server.js';
import type { TestDatabase } from '../helpers/databases.js';
import { serveIntake, stopServedIntake, type ServedIntake } from '../helpers/intake-server.js';
import { sealUpload, wrapKeyOf } from '../helpers/intake-source.js';
import { openTestAccounts } from '../helpers/test-accounts.js';

const STALL = { windowMs: 400, minBytes: 1024 };
const FORM = 'application/x-www-form-urlencoded';
const PASSWORD = 'correct horse battery staple';
const REFUSED = /username or password is wrong/;

/** A request written by hand that stays open (the client sends nothing more) until the test ends it. */
function heldRequest(port: number, head: string, body: Buffer, options: { allowHalfOpen?: boolean } = {}) {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: options.allowHalfOpen ?? false });
  const state = { response: '', closed: false, socket };
  socket.on('data', (data) => (state.response += data.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('close', () => (state.closed = true));
  socket.write(head);
  socket.write(body);
  return state;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const connections = (app: App) => new Promise<number>((resolve, reject) => app.server.getConnections((error, n) => (error ? reject(error) : resolve(n))));

describe('the intake under attack', () => {
  let served: ServedIntake;
  let dir: string;
  let intake: Intake;
  let app: App;
  let port: number;

  beforeEach(async () => {
    served = await serveIntake(
      'sqlite',
      'vigil-intake-attacks-',
      { VIGIL_INTAKE_PENDING_LIMIT: '1MB', VIGIL_INTAKE_PENDING_FILES: '100', VIGIL_INTAKE_RETENTION_DAYS: '10' },
      STALL,
    );
    ({ dir, intake, app, port } = served);
  });
  afterEach(async () => {
    app.server.closeAllConnections(); // or app.close() waits for the connections these attacks leave open
    await stopServedIntake(served);
  });

  async function signedInSource() {
    const { codename, token, session } = await intake.sources.create();
    const submission = await intake.submissions.create(session, {});
    return { codename, cookie: `vigil_source=${token}`, csrf: session.csrfToken, session, submission };
  }

  /** A form upload's head and first bytes, declaring `declared` bytes in all. */
  function formUploadHead(source: { cookie: string; csrf: string }, submission: string, declared: number) {
    const boundary = 'vigil-attack-boundary';
    const head = `POST /submit/submissions/${submission}/form-upload?lang=en&csrf=${source.csrf} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${source.cookie}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${declared}\r\n\r\n`;
    const part = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="big.mp4"\r\nContent-Type: video/mp4\r\n\r\n`);
    return { head, body: Buffer.concat([part, crypto.randomBytes(256 * 1024)]) };
  }

  it('does not hold open for ever the connection of a form upload it has refused (the stall guard sees unread bytes as its own fault)', async () => {
    const source = await signedInSource();
    // 5 MB declared under a 1 MB pending limit: refused with 413 after the multipart parser has started.
    const { head, body } = formUploadHead(source, source.submission, 5_000_000);
    const request = heldRequest(port, head, body);
    await sleep(STALL.windowMs * 10);
    expect(request.response).toMatch(/^HTTP\/1\.1 413/);
    // The client sends nothing more. A stalled body is cut off after a window; this one is never read again and
    // never cut off, so a client holds a socket, a parser and its buffers for as long as it likes.
    expect(request.closed).toBe(true);
  });

  it('lets go of a refused form upload once the client hangs up (a wrong submission id is enough)', async () => {
    const source = await signedInSource();
    const { head, body } = formUploadHead(source, 'sub_0000000000000000', 5_000_000);
    const request = heldRequest(port, head, body);
    await sleep(500);
    expect(request.response).toMatch(/^HTTP\/1\.1 404/);
    request.socket.destroy();
    await sleep(STALL.windowMs * 10);
    // The paused socket never reads up to the client's FIN: the server keeps it (and app.close() waits on it).
    expect(await connections(app)).toBe(0);
  });

  it('closes a refused form upload whose client ignores the answer and keeps sending', async () => {
    const source = await signedInSource();
    const { head, body } = formUploadHead(source, source.submission, 2_000_000_000);
    // A client that keeps its side open when the server closes its own, and sends on at full speed: the stall
    // guard never fires, so only the server's own end to a body it will not read closes the connection.
    const request = heldRequest(port, head, body, { allowHalfOpen: true });
    const feeder = setInterval(() => {
      if (!request.socket.destroyed) request.socket.write(crypto.randomBytes(64 * 1024));
    }, 5);
    try {
      await sleep(STALL.windowMs * 10);
    } finally {
      clearInterval(feeder);
    }
    expect(request.response).toMatch(/^HTTP\/1\.1 413/);
    expect(request.response).toMatch(/\r\nconnection: close\r\n/i);
    expect(request.closed).toBe(true);
    expect(await connections(app)).toBe(0);
  });

  it('keeps the 1 GiB disk reserve when uploads are admitted before any of their bytes are written', async () => {
    const free = 1024 ** 3 + 600_000; // 600 KB above the reserve
    intake.store.freeBytes = async () => free; // what statfs says: reservations not yet written are not in it
    const admitted: string[] = [];
    for (let i = 0; i < 2; i++) {
      const { codename, session, submission } = await signedInSource();
      const sealed = await sealUpload(
        crypto.randomBytes(400_000),
        `f${i}.bin`,
        submission,
        intake.recipients,
        wrapKeyOf(codename, intake.sources.installationSalt),
      );
      try {
        admitted.push((await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata)).id);
      } catch (error) {
        expect(error).toMatchObject({ status: 413, code: 'disk-full' });
      }
    }
    // Two 400 KB uploads were promised 600 KB; with no VIGIL_INTAKE_DISK_QUOTA (the default) nothing else bounds
    // what codenames may reserve, so the disk fills and every upload (and the database beside it) fails.
    expect(admitted).toHaveLength(1);
  });

  it('does not let one codename create thousands of files by declaring tiny uploads (the pending limit counts bytes only)', async () => {
    const { codename, session, submission } = await signedInSource();
    const sealed = await sealUpload(Buffer.alloc(0), 'empty.bin', submission, intake.recipients, wrapKeyOf(codename, intake.sources.installationSalt));
    let admitted = 0;
    let refusal: unknown;
    for (let i = 0; i < 150 && refusal === undefined; i++) {
      try {
        await intake.uploads.create(session, sealed.ciphertext.length, sealed.metadata);
        admitted++;
      } catch (error) {
        refusal = error;
      }
    }
    // ~250 bytes each: 1 MB allows ~4,000, the default 500 GB ~2·10^9 files and rows, each an inode and ~1 KB of
    // database. A count bounds them too (VIGIL_INTAKE_PENDING_FILES, 100 here; 10,000 by default).
    expect(admitted).toBe(100);
    expect(refusal).toMatchObject({ status: 413, code: 'file-limit' });
    expect((refusal as Error).message).toMatch(/You already have 100 files waiting.*zip archive/);
    expect(fs.readdirSync(path.join(dir, 'intake', 'uploads')).length).toBe(admitted);
    expect(loadIntakeConfig({}, dir).pendingFilesLimit).toBe(10_000);
  });

  it('does not sign a browser in with a sign-in cookie another site planted (Origin: null, no Sec-Fetch-Site)', async () => {
    const attacker = await intake.sources.create();
    // The attacker picks a nonce, and the sign-in page hands out its token without ever having issued it.
    const planted = crypto.randomBytes(24).toString('base64url');
    const page = await app.inject({ method: 'GET', url: '/submit/login?lang=en', headers: { cookie: `vigil_login=${planted}` } });
    const token = /name="csrf" value="([^"]+)"/.exec(page.body)![1]!;
    // The victim's browser: the cookie tossed in by a sibling site, the form auto-posted from a sandboxed frame,
    // by a browser that sends no Sec-Fetch-Site (Safari before 16.4): Origin: null, which the guard lets through.
    const forged = await app.inject({
      method: 'POST',
      url: '/submit/login?lang=en',
      payload: new URLSearchParams({ codename: attacker.codename, csrf: token }).toString(),
      headers: { 'content-type': FORM, cookie: `vigil_login=${planted}`, origin: 'null' },
    });
    expect(forged.statusCode).toBe(403);
  });

  it('deletes a source with its last submission: its login hash, reply key and messages do not outlive the retention period', async () => {
    const { session, submission } = await signedInSource();
    await intake.messages.fromSource(session, 'a fictional message from the source');
    await intake.messages.reply(session.sourceId, 'olga', 'a fictional reply the codename opens');
    const loner = await intake.sources.create(); // took a codename and never sent anything
    expect(await intake.retention.sweep(addDays(today(), 11))).toMatchObject({ submissions: 1 });
    expect(await intake.repo.submission(submission)).toBeUndefined();
    // Whoever later holds the codename (a seized note, a coerced source) can still confirm it was used here and
    // open every reply: the rows are never deleted, by the sweep or by staff.
    expect(await intake.repo.messagesOfSource(session.sourceId)).toEqual([]);
    expect(await intake.repo.sourceRecipient(session.sourceId)).toBeUndefined();
    expect(await intake.repo.sourceRecipient(loner.session.sourceId)).toBeUndefined();
  });

  it('writes no precise time in the log line of an intake error', async () => {
    const logging = await buildIntakeServer({ intake, logLevel: 'error' });
    try {
      // pino stamps every line with milliseconds since 1970 unless told not to (timestamp: false).
      const stamp = (logging.log as unknown as Record<symbol, () => string>)[pino.symbols.timeSym]!();
      expect(stamp).not.toMatch(/\d{10,}/);
    } finally {
      await logging.close();
    }
  });
});

describe('staff sign-in under attack', () => {
  let dir: string;
  let testDb: TestDatabase;
  let database: OpenDatabase;
  let audit: AuditRepository;
  let accounts: AccountService;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-accounts-attacks-'));
    ({ testDb, database, audit, accounts } = await openTestAccounts('sqlite', dir));
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const answer = (attempt: Promise<unknown>) =>
    attempt.then(
      () => 'enter your code',
      (error: Error) => (REFUSED.test(error.message) ? 'refused' : error.name),
    );

  it('answers a slowed account that has no authenticator yet as it answers an unknown name', async () => {
    await accounts.createUser({ username: 'newcomer', displayName: 'N', role: 'admin', password: PASSWORD });
    for (let i = 0; i < 5; i++) {
      await expect(accounts.login('newcomer', `wrong guess ${i}`)).rejects.toThrow(REFUSED);
      await expect(accounts.login('no-such-person', `wrong guess ${i}`)).rejects.toThrow(REFUSED);
    }
    // Sixth try: the unknown name is "enter your code", the new account (a fresh admin-chosen password) "refused".
    expect(await answer(accounts.login('newcomer', 'sixth guess'))).toBe(await answer(accounts.login('no-such-person', 'sixth guess')));
    expect(await answer(accounts.login('newcomer', 'seventh guess'))).toBe(await answer(accounts.login('no-such-person', 'seventh guess')));
  });

  it('answers a slowed account as an unknown name even after the in-memory count of unknown names has been flushed', async () => {
    await accounts.createUser({ username: 'boss', displayName: 'B', role: 'admin', password: PASSWORD, totpSecret: newTotpSecret() });
    for (let i = 0; i < 5; i++) {
      await expect(accounts.login('boss', `wrong guess ${i}`)).rejects.toThrow(REFUSED);
      await expect(accounts.login('ghost', `wrong guess ${i}`)).rejects.toThrow(REFUSED);
    }
    // The unknown names' counts live in a map of 10,000 names, oldest dropped first (a restart drops them all);
    // an account's count is in the database. 10,000 other names later, "ghost" starts again from nothing.
    const names = Array.from({ length: 10_000 }, (_, i) => `filler-${i}`);
    for (let at = 0; at < names.length; at += 16) {
      await Promise.all(names.slice(at, at + 16).map((name) => accounts.login(name, 'x').catch(() => undefined)));
    }
    expect(await answer(accounts.login('ghost', 'one more'))).toBe(await answer(accounts.login('boss', 'one more')));
  }, 180_000);

  it('answers unknown names as known ones after a flood at start-up (the decoy hash must not stay a rejected promise)', async () => {
    vi.resetModules(); // a fresh process: no decoy hash computed yet
    const fresh = {
      ...(await import('../../src/accounts/account-service.js')),
      ...(await import('../../src/accounts/account-repository.js')),
      ...(await import('../../src/crypto/scrypt-gate.js')),
    };
    const service = new fresh.AccountService(new fresh.AccountRepository(database.db), audit, 'Test', { logN: 10 });
    await service.createUser({ username: 'known-user', displayName: 'K', role: 'viewer', password: PASSWORD, totpSecret: newTotpSecret() });
    // A flood of staff sign-ins fills the staff lane (2 running, 16 waiting) when the first unknown name arrives.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const flood = Array.from({ length: fresh.DEFAULT_SCRYPT_LIMITS.inFlight + fresh.DEFAULT_SCRYPT_LIMITS.queuedPerLane }, () =>
      fresh.scryptGate.run('staff', () => held),
    );
    expect(await answer(service.login('first-unknown', 'a guess'))).toBe('ServerBusyError');
    release();
    await Promise.all(flood);
    // The flood is over. A known name is answered; every unknown (or disabled) name is now 503 until a restart.
    expect(await answer(service.login('known-user', 'a guess'))).toBe('refused');
    expect(await answer(service.login('another-unknown', 'a guess'))).toBe('refused');
  });
});
