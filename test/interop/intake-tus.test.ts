import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, cliEnv, freePort, vigilAwait } from '../e2e/run-cli.js';
import { PROBE_HEADERS, SourceClient, sealUpload, wrapKeyOf } from '../helpers/intake-source.js';
import { StaffBrowser } from '../helpers/staff-http.js';
import { VigilServer } from '../helpers/vigil-server.js';

function upload(source: SourceClient, body: Buffer, options: Partial<tus.UploadOptions>): { done: Promise<string>; upload: tus.Upload } {
  let resolve!: (url: string) => void;
  let reject!: (error: Error) => void;
  const done = new Promise<string>((res, rej) => ((resolve = res), (reject = rej)));
  const up = new tus.Upload(body, {
    endpoint: `${source.base}/submit/files/`,
    chunkSize: 1024 * 1024,
    retryDelays: [],
    storeFingerprintForResuming: false,
    headers: { ...PROBE_HEADERS, cookie: source.cookieHeader(), 'x-vigil-csrf': source.csrf },
    ...options,
    onSuccess: () => resolve(up.url!),
    onError: (error) => reject(error),
  });
  up.start();
  return { done, upload: up };
}

describe('intake with the real tus-js-client', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let server: VigilServer;
  let base: string;
  let demoOutput: string;

  beforeAll(async () => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-intake-'));
    env = cliEnv(path.join(dir, 'home'));
    const demo = await vigilAwait(['demo'], env);
    demoOutput = demo.stdout.toString();
    if (demo.status !== 0) throw new Error(demo.stderr.toString());
    base = `http://127.0.0.1:${await freePort()}`;
    server = new VigilServer(['serve', '--port', new URL(base).port], env);
    await server.start();
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('resumes after kill -9 of the server mid-upload, and the vault holds the same bytes', async () => {
    const source = new SourceClient(base);
    const codename = await source.newCodename();
    expect(codename.split(' ')).toHaveLength(7);
    const submission = await source.newSubmission({ facility: 'Fictional Hospital No. 0', shows: 'test pattern' });
    const plaintext = crypto.randomBytes(24 * 1024 * 1024 + 12345);
    const sealed = await sealUpload(plaintext, 'clip.bin', submission, source.config!.recipients, wrapKeyOf(codename, source.config!.codenameSalt));

    const first = upload(source, sealed.ciphertext, {
      metadata: sealed.metadata,
      onProgress: (sent, total) => {
        if (sent > total * 0.4) void server.kill();
      },
    });
    await expect(first.done).rejects.toThrow();
    await first.upload.abort();
    await server.start();

    // The old session died with the process; the codename, typed carelessly, opens a new one.
    const back = new SourceClient(base);
    expect((await back.signIn(`  ${codename.toUpperCase().replace(/ /g, '   ')} `)).status).toBe(303);
    const listed = (await (await back.call('GET', `/submit/api/submissions/${submission}/uploads`)).json()) as {
      uploads: Array<{ url: string; offset: number; length: number; fingerprint: string }>;
    };
    expect(listed.uploads).toHaveLength(1);
    const stored = listed.uploads[0]!;
    // The route's response schema lets through these fields and no other.
    expect(Object.keys(stored).sort()).toEqual(['fingerprint', 'header', 'id', 'key', 'length', 'name', 'offset', 'problem', 'state', 'url']);
    expect(stored.fingerprint).toBe(sealed.metadata.fingerprint);
    expect(stored.offset).toBeGreaterThan(0);
    expect(stored.offset).toBeLessThan(stored.length);

    let firstOffsetSent = -1;
    const resumed = upload(back, sealed.ciphertext, {
      uploadUrl: `${base}${stored.url}`,
      onChunkComplete: (chunk, accepted) => {
        if (firstOffsetSent < 0) firstOffsetSent = accepted - chunk;
      },
    });
    await resumed.done;
    expect(firstOffsetSent).toBe(stored.offset); // nothing already stored was sent again

    const manifest = await back.call('POST', `/submit/api/uploads/${stored.url.split('/').pop()}/manifest`, {
      body: JSON.stringify({ manifest: sealed.manifest }),
      headers: { 'content-type': 'application/json', 'x-vigil-csrf': back.csrf },
    });
    expect(manifest.status).toBe(200);

    const staff = new StaffBrowser(base);
    await staff.signInFromDemoOutput(demoOutput);
    expect((await staff.call('POST', `/api/intake/submissions/${submission}/import`, {})).status).toBe(202);
    let status: { state: string; imported: Array<{ itemId: string }>; problems: unknown[] } = { state: 'running', imported: [], problems: [] };
    for (let i = 0; i < 200 && status.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      status = (await (await staff.call('GET', `/api/intake/submissions/${submission}/import`)).json()) as typeof status;
    }
    expect(status).toMatchObject({ state: 'finished', problems: [] });
    const { item } = (await (await staff.call('GET', `/api/vault/items/${status.imported[0]!.itemId}`)).json()) as { item: { sha256: string; size: number } };
    expect(item.sha256).toBe(sealed.sha256);
    expect(item.size).toBe(plaintext.length);

    const detail = (await (await staff.call('GET', `/api/intake/submissions/${submission}`)).json()) as {
      files: Array<{ state: string; name: string; sha256: string }>;
      answers: Array<{ questionId: string; answer: string }>;
    };
    expect(detail.files[0]).toMatchObject({ state: 'imported', name: 'clip.bin', sha256: sealed.sha256 });
    expect(detail.answers).toContainEqual(expect.objectContaining({ questionId: 'facility', answer: 'Fictional Hospital No. 0' }));

    const db = new SQLite(path.join(dir, 'home', 'vigil.db'), { readonly: true });
    const receipts = db.prepare("select data from custody_leaves where event = 'received'").all() as Array<{ data: string }>;
    db.close();
    expect(receipts).toHaveLength(1);
    expect(JSON.parse(receipts[0]!.data)).toMatchObject({
      item: status.imported[0]!.itemId,
      sha256: sealed.sha256,
      ciphertextSha256: crypto.createHash('sha256').update(sealed.ciphertext).digest('hex'),
      ciphertextSize: sealed.ciphertext.length,
      receivedDay: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
  }, 180_000);

  it('answers protocol errors with the codes tus defines', async () => {
    const source = new SourceClient(base);
    const codename = await source.newCodename();
    await source.readCsrf();
    const submission = await source.newSubmission({});
    const sealed = await sealUpload(
      crypto.randomBytes(200_000),
      'a.bin',
      submission,
      source.config!.recipients,
      wrapKeyOf(codename, source.config!.codenameSalt),
    );
    const tusHeaders = { 'tus-resumable': '1.0.0', 'x-vigil-csrf': source.csrf };
    const meta = Object.entries(sealed.metadata)
      .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
      .join(',');
    const created = await source.call('POST', '/submit/files/', {
      headers: { ...tusHeaders, 'upload-length': String(sealed.ciphertext.length), 'upload-metadata': meta },
    });
    expect(created.status).toBe(201);
    const url = created.headers.get('location')!;
    const patch = (offset: number, body: Buffer, extra: Record<string, string> = {}) =>
      source.call('PATCH', url, {
        body: new Uint8Array(body),
        headers: { ...tusHeaders, 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset), ...extra },
      });

    expect((await patch(5, sealed.ciphertext.subarray(5, 100))).status).toBe(409);
    const wrongSum = crypto.createHash('sha1').update('something else').digest('base64');
    expect((await patch(0, sealed.ciphertext.subarray(0, 1000), { 'upload-checksum': `sha1 ${wrongSum}` })).status).toBe(460);
    const head = await source.call('HEAD', url, { headers: tusHeaders });
    expect(head.headers.get('upload-offset')).toBe('0'); // nothing of the bad body was kept
    const goodSum = crypto.createHash('sha256').update(sealed.ciphertext.subarray(0, 1000)).digest('base64');
    expect((await patch(0, sealed.ciphertext.subarray(0, 1000), { 'upload-checksum': `sha256 ${goodSum}` })).status).toBe(204);
    expect((await patch(1000, Buffer.concat([sealed.ciphertext.subarray(1000), Buffer.alloc(10)]))).status).toBe(413);
    expect(
      (await source.call('PATCH', url, { body: Buffer.alloc(1), headers: { ...tusHeaders, 'content-type': 'text/plain', 'upload-offset': '1000' } })).status,
    ).toBe(415);
    expect((await source.call('HEAD', '/submit/files/upl_doesnotexist00000', { headers: tusHeaders })).status).toBe(404);
    expect((await source.call('HEAD', url, { headers: {} })).status).toBe(412);
    const stranger = new SourceClient(base);
    await stranger.newCodename();
    expect((await stranger.call('HEAD', url, { headers: tusHeaders })).status).toBe(404); // someone else's upload does not exist
  });

  it('rejects at completion an upload whose age header is malformed, with a message for the source', async () => {
    const source = new SourceClient(base);
    const codename = await source.newCodename();
    await source.readCsrf();
    const submission = await source.newSubmission({});
    const sealed = await sealUpload(
      crypto.randomBytes(70_000),
      'b.bin',
      submission,
      source.config!.recipients,
      wrapKeyOf(codename, source.config!.codenameSalt),
    );
    const damaged = Buffer.from(sealed.ciphertext);
    damaged[3] = 0x21; // "age-encryption.org" no longer
    const attempt = upload(source, damaged, { metadata: sealed.metadata });
    const error = (await attempt.done.catch((e: unknown) => e)) as tus.DetailedError;
    expect(error.originalResponse?.getStatus()).toBe(422);
    expect(error.originalResponse?.getBody()).toMatch(/rejected: the data does not begin with the encryption header/);
    const listed = (await (await source.call('GET', `/submit/api/submissions/${submission}/uploads`)).json()) as {
      uploads: Array<{ state: string; offset: number }>;
    };
    expect(listed.uploads[0]).toMatchObject({ state: 'rejected', offset: 0 });
  });

  it('refuses a wrong codename without saying whether it exists', async () => {
    const source = new SourceClient(base);
    const unknown = await source.signIn('abacus abacus abacus abacus abacus abacus abacus');
    const garbage = await source.signIn('not a codename');
    expect(unknown.status).toBe(401);
    expect(garbage.status).toBe(401);
    const message = (page: string) => /role="alert">([^<]+)</.exec(page)![1];
    expect(message(await unknown.text())).toBe(message(await garbage.text()));
    expect(source.cookieHeader()).not.toContain('vigil_source'); // only the sign-in form's own cookie
  });
});
