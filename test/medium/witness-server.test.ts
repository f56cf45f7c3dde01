import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatCheckpoint } from '../../src/custody/checkpoint.js';
import { openNote, signNote } from '../../src/custody/signed-note.js';
import { WrongPassphraseError, encryptWithPassphrase } from '../../src/crypto/passphrase-file.js';
import {
  WitnessConflictError,
  WitnessError,
  WitnessRefusedError,
  WitnessUnreachableError,
  addCheckpoint,
  cosign,
  cosignatureLinesOf,
  generateWitnessKeys,
  initWitness,
  listLogStates,
  parseWitnessEndpoint,
  startWitnessServer,
  trustLog,
  unlockWitnessKey,
  verifyCosignature,
  witnessLayout,
  type RunningWitness,
  type WitnessEndpoint,
} from '../../src/witness/index.js';
import { MemoryLog } from '../helpers/memory-log.js';

const PASSPHRASE = 'a witness passphrase for tests';
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

interface TestWitness {
  dir: string;
  server: RunningWitness;
  endpoint: WitnessEndpoint;
  signerKey: string;
}

async function createWitness(name = 'witness.example.org/w1'): Promise<Omit<TestWitness, 'server' | 'endpoint'> & { verifierKey: string }> {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-witness-')), 'witness');
  temporary.push(path.dirname(dir));
  const settings = await initWitness(witnessLayout(dir), { name, passphrase: PASSPHRASE, scryptLogN: 10 });
  const signerKey = await unlockWitnessKey(witnessLayout(dir), PASSPHRASE);
  return { dir, signerKey, verifierKey: settings.verifierKey };
}

async function startWitness(dir: string, signerKey: string, verifierKey: string): Promise<TestWitness> {
  const server = await startWitnessServer({ dir, signerKey, host: '127.0.0.1', port: 0 });
  return { dir, server, signerKey, endpoint: parseWitnessEndpoint(`${server.url} ${verifierKey}`) };
}

function post(witness: TestWitness, body: string | Buffer, headers: Record<string, string> = { 'content-type': 'text/plain' }): Promise<Response> {
  return fetch(`${witness.server.url}/add-checkpoint`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers });
}

function requestBody(oldSize: number, proof: Buffer[], note: string): string {
  return `old ${oldSize}\n${proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${note}`;
}

async function refusal(promise: Promise<unknown>): Promise<WitnessError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(WitnessError);
  return error as WitnessError;
}

async function status(promise: Promise<unknown>): Promise<number> {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(WitnessRefusedError);
  return (error as WitnessRefusedError).status;
}

describe('a witness over HTTP', () => {
  let witness: TestWitness;
  let log: MemoryLog;

  beforeEach(async () => {
    const created = await createWitness();
    log = new MemoryLog();
    await trustLog(witnessLayout(created.dir), log.origin, log.keys.verifierKey);
    witness = await startWitness(created.dir, created.signerKey, created.verifierKey);
  });
  afterEach(async () => witness.server.close());

  it('cosigns a first checkpoint and the ones that extend it, remembering each before it answers', async () => {
    log.append(5);
    const note5 = await log.checkpoint();
    const [line5, ...more] = await addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: note5 });
    expect(more).toEqual([]);
    expect(verifyCosignature(note5, line5!, witness.endpoint.verifierKey).time).toBeGreaterThan(1_700_000_000);
    const [state5] = await listLogStates(witnessLayout(witness.dir));
    expect(state5).toMatchObject({ origin: log.origin, size: 5, rootHash: (await log.root()).toString('base64') });

    log.append(4);
    const note9 = await log.checkpoint();
    const lines9 = await addCheckpoint(witness.endpoint, { oldSize: 5, proof: await log.proof(5), note: note9 });
    expect(lines9).toHaveLength(1);
    expect((await listLogStates(witnessLayout(witness.dir)))[0]).toMatchObject({ size: 9, rootHash: (await log.root()).toString('base64') });

    // The same checkpoint again is cosigned again: it extends itself.
    expect(await addCheckpoint(witness.endpoint, { oldSize: 9, proof: [], note: note9 })).toHaveLength(1);

    // Monitors read the latest checkpoint, with the log's signature and this witness's cosignature.
    const hash = crypto.createHash('sha256').update(log.origin).digest('hex');
    const latest = await (await fetch(`${witness.server.url}/${hash}/checkpoint`)).text();
    expect(openNote(latest, [log.keys.verifierKey]).text).toBe(`${log.origin}\n9\n${(await log.root()).toString('base64')}\n`);
    expect(cosignatureLinesOf(latest, witness.endpoint.verifierKey)).toHaveLength(1);
    expect((await fetch(`${witness.server.url}/${'0'.repeat(64)}/checkpoint`)).status).toBe(404);
  });

  it('keeps other signatures out of what it vouches for, and ignores unknown ones in a submission', async () => {
    log.append(3);
    const other = generateWitnessKeys('other.example.org/w');
    const body = (await log.checkpoint()).split('\n\n')[0]! + '\n';
    const note = (await log.checkpoint()) + cosign(body, other.signerKey, 1_700_000_000);
    expect(await addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note })).toHaveLength(1);
    const latest = (await listLogStates(witnessLayout(witness.dir)))[0]!.checkpoint!;
    expect(cosignatureLinesOf(latest, other.verifierKey)).toEqual([]);
  });

  it('answers 409 with its latest size as text/x.tlog.size when the old size is not the one it cosigned', async () => {
    log.append(5);
    await addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: await log.checkpoint() });
    log.append(3);
    const note8 = await log.checkpoint();

    const response = await post(witness, requestBody(0, [], note8));
    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toMatch(/^text\/x\.tlog\.size/);
    expect(await response.text()).toBe('5\n');

    const conflict = await refusal(addCheckpoint(witness.endpoint, { oldSize: 3, proof: await log.proof(3), note: note8 }));
    expect(conflict).toBeInstanceOf(WitnessConflictError);
    expect((conflict as WitnessConflictError).latestSize).toBe(5);
    expect(conflict.message).toMatch(/last cosigned size 5, not 3/);
  });

  it('refuses an unknown origin (404) and a checkpoint the trusted key did not sign (403)', async () => {
    const stranger = new MemoryLog().append(2);
    expect(await status(addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: await stranger.checkpoint() }))).toBe(404);

    log.append(2);
    const impostor = new MemoryLog(log.origin);
    expect(await status(addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: await log.checkpoint(2, impostor.keys.signerKey) }))).toBe(403);
    // Signed by the right key, then altered: the signature no longer verifies.
    const altered = (await log.checkpoint()).replace(`${log.origin}\n2\n`, `${log.origin}\n3\n`);
    const response = await post(witness, requestBody(0, [], altered));
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/not signed by the log's key/);
    expect(await listLogStates(witnessLayout(witness.dir))).toMatchObject([{ size: 0, checkpoint: null }]);
  });

  it('refuses, with 422, a proof that does not verify and a first proof that is not empty', async () => {
    log.append(4);
    expect(await status(addCheckpoint(witness.endpoint, { oldSize: 0, proof: [crypto.randomBytes(32)], note: await log.checkpoint() }))).toBe(422);
    await addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: await log.checkpoint() });
    log.append(3);
    const proof = await log.proof(4);
    proof[0] = crypto.randomBytes(32);
    const refused = await refusal(addCheckpoint(witness.endpoint, { oldSize: 4, proof, note: await log.checkpoint() }));
    expect((refused as WitnessRefusedError).status).toBe(422);
    expect(refused.message).toMatch(/consistency proof from size 4 does not verify/);
    expect((await listLogStates(witnessLayout(witness.dir)))[0]!.size).toBe(4);
  });

  it("refuses a checkpoint of size 0 whose root is not the empty tree's (422)", async () => {
    const note = signNote(formatCheckpoint({ origin: log.origin, size: 0, rootHash: crypto.randomBytes(32) }), log.keys.signerKey);
    expect(await status(addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note }))).toBe(422);
  });

  it('refuses a rewritten log: a fork of the same size (422, kept as evidence) and one that does not extend what it cosigned', async () => {
    log.append(6);
    await addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: await log.checkpoint() });

    // The log's key signs a history in which leaf 2 is different.
    const rewritten = new MemoryLog(log.origin);
    Object.assign(rewritten, { keys: log.keys });
    rewritten.leaves.push(...log.leaves);
    rewritten.leaves[2] = crypto.randomBytes(32);
    const fork = await refusal(addCheckpoint(witness.endpoint, { oldSize: 6, proof: [], note: await rewritten.checkpoint() }));
    expect((fork as WitnessRefusedError).status).toBe(422);
    expect(fork.message).toMatch(/fork: this witness cosigned size 6 with another root hash/);
    const [evidence, ...moreEvidence] = fs.readdirSync(witnessLayout(witness.dir).forksDir);
    expect(moreEvidence).toEqual([]);
    const record = JSON.parse(fs.readFileSync(path.join(witnessLayout(witness.dir).forksDir, evidence!), 'utf8')) as { cosigned: string; submitted: string };
    expect(record.cosigned).toContain(`${log.origin}\n6\n${(await log.root()).toString('base64')}\n`);
    expect(record.submitted).toContain(`${log.origin}\n6\n${(await rewritten.root()).toString('base64')}\n`);

    // Grown from the rewritten history: no proof from what the witness cosigned can verify.
    rewritten.append(4);
    expect(await status(addCheckpoint(witness.endpoint, { oldSize: 6, proof: await rewritten.proof(6), note: await rewritten.checkpoint() }))).toBe(422);

    expect((await listLogStates(witnessLayout(witness.dir)))[0]).toMatchObject({ size: 6, rootHash: (await log.root()).toString('base64') });
  });

  it('refuses a checkpoint smaller than the one it cosigned', async () => {
    log.append(9);
    await addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: await log.checkpoint() });
    // Named from the latest size, the old size is larger than the checkpoint (400) …
    expect(await status(addCheckpoint(witness.endpoint, { oldSize: 9, proof: [], note: await log.checkpoint(5) }))).toBe(400);
    // … and named from any other size, it is not the latest (409).
    const conflict = await refusal(addCheckpoint(witness.endpoint, { oldSize: 3, proof: await log.proof(3, 5), note: await log.checkpoint(5) }));
    expect(conflict).toBeInstanceOf(WitnessConflictError);
    expect((await listLogStates(witnessLayout(witness.dir)))[0]!.size).toBe(9);
  });

  it('refuses malformed requests with 400, oversized ones with 413, and needs no content type', async () => {
    log.append(2);
    const note = await log.checkpoint();
    const cases: Array<[string | Buffer, RegExp]> = [
      ['', /malformed request/],
      [`old 01\n\n${note}`, /without leading zeros/],
      [`old 0\n${note}`, /proof line 1 is not the base64/],
      [`old 0`, /must be "old N"/],
      [`old 0\n\n${log.origin}\n2\nnot-a-hash\n\n${note.split('\n\n')[1]}`, /malformed request/],
      [Buffer.concat([Buffer.from(`old 0\n\n${note.slice(0, 10)}`), Buffer.from([0xff, 0xfe]), Buffer.from(note.slice(10))]), /UTF-8/],
    ];
    for (const [body, reason] of cases) {
      const response = await post(witness, body);
      expect(response.status, String(body).slice(0, 20)).toBe(400);
      expect(await response.text()).toMatch(reason);
    }
    const huge = await post(witness, `old 0\n\n${note}${'x'.repeat(70 * 1024)}`);
    expect(huge.status).toBe(413);
    const bare = await fetch(`${witness.server.url}/add-checkpoint`, { method: 'POST', body: new Blob([requestBody(0, [], note)]) });
    expect(bare.status).toBe(200);
    expect(await bare.text()).toMatch(/^— witness\.example\.org\/w1 /);
    expect((await fetch(`${witness.server.url}/add-checkpoint`)).status).toBe(404);
  });

  it('never cosigns two checkpoints from the same old size, however many race', async () => {
    log.append(40);
    const notes = await Promise.all(Array.from({ length: 12 }, (_, i) => log.checkpoint(5 + i)));
    const results = await Promise.allSettled(notes.map((note) => addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note })));
    const won = results.flatMap((result, i) => (result.status === 'fulfilled' ? [5 + i] : []));
    expect(won).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(WitnessConflictError);
    }
    expect((await listLogStates(witnessLayout(witness.dir)))[0]!.size).toBe(won[0]);

    // From the cosigned size, two different extensions race: one wins, the other is told the new size.
    const from = won[0]!;
    const [a, b] = await Promise.allSettled([
      addCheckpoint(witness.endpoint, { oldSize: from, proof: await log.proof(from, 30), note: await log.checkpoint(30) }),
      addCheckpoint(witness.endpoint, { oldSize: from, proof: await log.proof(from, 40), note: await log.checkpoint(40) }),
    ]);
    const outcomes = [a!.status, b!.status].sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const loser = (a!.status === 'rejected' ? a : b) as PromiseRejectedResult;
    const winnerSize = a!.status === 'fulfilled' ? 30 : 40;
    expect((loser.reason as WitnessConflictError).latestSize).toBe(winnerSize);
    expect((await listLogStates(witnessLayout(witness.dir)))[0]!.size).toBe(winnerSize);
  });

  it('remembers across a restart, and one folder has one server', async () => {
    log.append(7);
    await addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: await log.checkpoint() });
    await expect(startWitnessServer({ dir: witness.dir, signerKey: witness.signerKey, host: '127.0.0.1', port: 0 })).rejects.toThrow(/another witness server/);
    await witness.server.close();
    witness = await startWitness(witness.dir, witness.signerKey, witness.endpoint.verifierKey);
    const conflict = await refusal(addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: await log.checkpoint() }));
    expect((conflict as WitnessConflictError).latestSize).toBe(7);
  });
});

describe("a witness's folder", () => {
  it('is 0700 with 0600 files, and its key opens only with the passphrase', async () => {
    const { dir, verifierKey } = await createWitness();
    const layout = witnessLayout(dir);
    const log = new MemoryLog();
    await trustLog(layout, log.origin, log.keys.verifierKey);
    for (const folder of [dir, layout.logsDir, layout.forksDir]) expect(fs.statSync(folder).mode & 0o777, folder).toBe(0o700);
    const files = [layout.settingsFile, layout.signerFile, ...fs.readdirSync(layout.logsDir).map((name) => path.join(layout.logsDir, name))];
    expect(files).toHaveLength(3);
    for (const file of files) expect(fs.statSync(file).mode & 0o777, file).toBe(0o600);
    expect(fs.readFileSync(layout.signerFile, 'utf8')).toMatch(/^age-encryption\.org\/v1\n-> scrypt /);
    expect(fs.readFileSync(layout.signerFile, 'utf8')).not.toContain('PRIVATE+KEY');
    await expect(unlockWitnessKey(layout, 'not the passphrase')).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(verifierKey).toBe(JSON.parse(fs.readFileSync(layout.settingsFile, 'utf8')).verifierKey);
  });

  it('refuses a key file someone replaced, even one that opens with the passphrase', async () => {
    const { dir } = await createWitness();
    const layout = witnessLayout(dir);
    const substitute = generateWitnessKeys('witness.example.org/w1');
    fs.writeFileSync(layout.signerFile, await encryptWithPassphrase(Buffer.from(substitute.signerKey), PASSPHRASE, 10));
    await expect(unlockWitnessKey(layout, PASSPHRASE)).rejects.toThrow(/not the witness's published key/);
    await expect(startWitnessServer({ dir, signerKey: substitute.signerKey, host: '127.0.0.1', port: 0 })).rejects.toThrow(/not the key of the witness/);
  });

  it('is never created over an existing one, and refuses a short passphrase', async () => {
    const { dir } = await createWitness();
    await expect(initWitness(witnessLayout(dir), { name: 'w', passphrase: PASSPHRASE, scryptLogN: 10 })).rejects.toThrow(/already exists and is not empty/);
    const fresh = path.join(path.dirname(dir), 'fresh');
    await expect(initWitness(witnessLayout(fresh), { name: 'w', passphrase: 'short', scryptLogN: 10 })).rejects.toThrow(/at least 10 characters/);
  });

  it('trusts a log once: the same key again is a no-op, another key or a witness key is refused', async () => {
    const { dir, verifierKey } = await createWitness();
    const layout = witnessLayout(dir);
    const log = new MemoryLog();
    await trustLog(layout, log.origin, log.keys.verifierKey);
    await expect(trustLog(layout, log.origin, log.keys.verifierKey)).resolves.toMatchObject({ origin: log.origin, size: 0 });
    await expect(trustLog(layout, log.origin, new MemoryLog().keys.verifierKey)).rejects.toThrow(/already trusted with another key/);
    await expect(trustLog(layout, 'another/origin', verifierKey)).rejects.toThrow(/a witness's key \(type 0x04\), not a log's/);
    await expect(trustLog(layout, ' padded', log.keys.verifierKey)).rejects.toThrow(/log origin/);
    expect(await listLogStates(layout)).toHaveLength(1);
  });
});

describe('the witness client', () => {
  const keys = generateWitnessKeys('witness.example.org/w1');
  const log = new MemoryLog().append(3);

  /** A fake witness that answers every request with `answer`, or never answers when it is null. */
  async function fakeWitness(answer: ((body: string) => string) | null): Promise<{ endpoint: WitnessEndpoint; close(): Promise<void> }> {
    const server = net.createServer((socket) => {
      let received = '';
      socket.on('data', (chunk) => {
        received += chunk.toString('utf8');
        const [head, body = ''] = received.split('\r\n\r\n');
        const length = Number(/content-length: (\d+)/i.exec(head!)?.[1] ?? 0);
        if (answer === null || Buffer.byteLength(body) < length) return;
        const text = answer(body);
        socket.end(`HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    return {
      endpoint: parseWitnessEndpoint(`http://127.0.0.1:${port} ${keys.verifierKey}`),
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  it('says a witness is unreachable when nothing listens, or nothing answers in time', async () => {
    const closed = await fakeWitness(null);
    await closed.close();
    const refused = await refusal(addCheckpoint(closed.endpoint, { oldSize: 0, proof: [], note: await log.checkpoint() }));
    expect(refused).toBeInstanceOf(WitnessUnreachableError);
    expect(refused.message).toMatch(/connection refused/);

    const silent = await fakeWitness(null);
    try {
      const timedOut = await refusal(addCheckpoint(silent.endpoint, { oldSize: 0, proof: [], note: await log.checkpoint() }, { timeoutMs: 300 }));
      expect(timedOut).toBeInstanceOf(WitnessUnreachableError);
      expect(timedOut.message).toMatch(/no answer within 0.3 s/);
    } finally {
      await silent.close();
    }
  });

  it("accepts only cosignatures by the witness's key that verify over the checkpoint it sent", async () => {
    const note = await log.checkpoint();
    const text = note.split('\n\n')[0]! + '\n';
    const impostor = generateWitnessKeys('witness.example.org/w1');
    const cases: Array<[(body: string) => string, RegExp]> = [
      [() => cosign(text, impostor.signerKey, 1_700_000_000), /without a cosignature by its key/],
      [() => cosign(text.replace(`\n3\n`, `\n4\n`), keys.signerKey, 1_700_000_000), /does not check/],
      [() => 'not a signature\n', /not signature lines/],
    ];
    for (const [answer, reason] of cases) {
      const fake = await fakeWitness(answer);
      try {
        const error = await refusal(addCheckpoint(fake.endpoint, { oldSize: 0, proof: [], note }));
        expect(error).not.toBeInstanceOf(WitnessUnreachableError);
        expect(error.message).toMatch(reason);
      } finally {
        await fake.close();
      }
    }
    // Lines by other keys are dropped; the witness's own are returned.
    const fake = await fakeWitness(() => cosign(text, impostor.signerKey, 1_700_000_000) + cosign(text, keys.signerKey, 1_700_000_001));
    try {
      const lines = await addCheckpoint(fake.endpoint, { oldSize: 0, proof: [], note });
      expect(lines).toEqual([cosign(text, keys.signerKey, 1_700_000_001).trimEnd()]);
    } finally {
      await fake.close();
    }
  });
});
