import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNote } from '../../src/custody/signed-note.js';
import {
  WitnessConflictError,
  WitnessRefusedError,
  addCheckpoint,
  cosignatureLinesOf,
  parseWitnessEndpoint,
  verifyCosignature,
  type WitnessEndpoint,
} from '../../src/witness/index.js';
import { MemoryLog } from '../helpers/memory-log.js';
import { assertBuilt, freePort, vigil, vigilAsync, vigilAwait } from './run-cli.js';

const PASSPHRASE = 'the witness passphrase, not secret';

interface WitnessProcess {
  env: NodeJS.ProcessEnv;
  port: number;
  verifierKey: string;
  child: ReturnType<typeof vigilAsync> | null;
  endpoint: WitnessEndpoint;
}

function witnessEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_WITNESS_HOME: dir, VIGIL_WITNESS_PASSPHRASE: PASSPHRASE, VIGIL_SCRYPT_LOG_N: '10' };
  delete env.VIGIL_PASSPHRASE;
  return env;
}

/** Runs `vigil witness serve` as its own process until it says it is serving. */
async function serve(witness: WitnessProcess): Promise<void> {
  const child = vigilAsync(['witness', 'serve', '--port', String(witness.port)], witness.env);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const deadline = Date.now() + 30_000;
  while (!output.includes('is serving') && child.exitCode === null && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  if (!output.includes('is serving')) throw new Error(`the witness did not start:\n${output}`);
  expect(output).toMatch(new RegExp(`is serving http://127\\.0\\.0\\.1:${witness.port}/add-checkpoint for 1 log\\.`));
  witness.child = child;
}

async function stop(witness: WitnessProcess): Promise<number | null> {
  const child = witness.child;
  if (!child || child.exitCode !== null) return child?.exitCode ?? null;
  const closed = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  child.kill('SIGINT');
  witness.child = null;
  return closed;
}

describe('vigil witness, two witnesses as processes of their own', () => {
  let dir: string;
  const log = new MemoryLog();
  const witnesses: WitnessProcess[] = [];

  beforeAll(async () => {
    assertBuilt();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-witness-e2e-'));
    for (const name of ['partner.example.org/witness', 'lawyer.example.net/witness']) {
      const env = witnessEnv(path.join(dir, name.split('/')[0]!));
      const init = vigil(['witness', 'init', '--name', name, '--json'], env);
      expect(init.stderr.toString()).toBe('');
      expect(init.status).toBe(0);
      const { verifierKey } = JSON.parse(init.stdout.toString()) as { verifierKey: string };
      const trust = vigil(['witness', 'trust', log.origin, log.keys.verifierKey], env);
      expect(trust.stdout.toString()).toMatch(new RegExp(`trusts the log ${log.origin}`));
      const port = await freePort();
      const witness: WitnessProcess = { env, port, verifierKey, child: null, endpoint: parseWitnessEndpoint(`http://127.0.0.1:${port} ${verifierKey}`) };
      await serve(witness);
      witnesses.push(witness);
    }
  }, 120_000);

  afterAll(async () => {
    for (const witness of witnesses) await stop(witness);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("cosign a log's checkpoints as it grows, and a note carries both cosignatures", async () => {
    log.append(5);
    let note = await log.checkpoint();
    for (const witness of witnesses) {
      const lines = await addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note });
      expect(lines).toHaveLength(1);
    }
    log.append(6);
    note = await log.checkpoint();
    let cosigned = note;
    for (const witness of witnesses) {
      const lines = await addCheckpoint(witness.endpoint, { oldSize: 5, proof: await log.proof(5), note });
      cosigned += lines.map((line) => `${line}\n`).join('');
    }
    expect(openNote(cosigned, [log.keys.verifierKey]).text).toBe(`${log.origin}\n11\n${(await log.root()).toString('base64')}\n`);
    for (const witness of witnesses) {
      const [line] = cosignatureLinesOf(cosigned, witness.verifierKey);
      expect(verifyCosignature(cosigned, line!, witness.verifierKey).time).toBeGreaterThan(1_700_000_000);
    }
    const list = vigil(['witness', 'list', '--json'], witnesses[0]!.env);
    expect(JSON.parse(list.stdout.toString())).toMatchObject({
      name: 'partner.example.org/witness',
      logs: [{ origin: log.origin, size: 11, rootHash: (await log.root()).toString('base64') }],
    });
  });

  it('refuse a rewritten log, before and after a restart', async () => {
    // The same key signs a history in which leaf 3 was replaced, then grown.
    const rewritten = new MemoryLog(log.origin);
    Object.assign(rewritten, { keys: log.keys });
    rewritten.leaves.push(...log.leaves);
    rewritten.leaves[3] = crypto.randomBytes(32);
    const forkNote = await rewritten.checkpoint();
    rewritten.append(3);
    const grownNote = await rewritten.checkpoint();

    const refuseBoth = async () => {
      for (const witness of witnesses) {
        const fork = await addCheckpoint(witness.endpoint, { oldSize: 11, proof: [], note: forkNote }).catch((error: unknown) => error);
        expect(fork).toBeInstanceOf(WitnessRefusedError);
        expect((fork as WitnessRefusedError).status).toBe(422);
        expect((fork as Error).message).toMatch(/fork/);
        const grown = await addCheckpoint(witness.endpoint, { oldSize: 11, proof: await rewritten.proof(11), note: grownNote }).catch(
          (error: unknown) => error,
        );
        expect((grown as WitnessRefusedError).status).toBe(422);
        // Nor can the log start over as if the witness had never seen it.
        const fresh = await addCheckpoint(witness.endpoint, { oldSize: 0, proof: [], note: grownNote }).catch((error: unknown) => error);
        expect(fresh).toBeInstanceOf(WitnessConflictError);
        expect((fresh as WitnessConflictError).latestSize).toBe(11);
      }
    };
    await refuseBoth();
    for (const witness of witnesses) {
      expect(await stop(witness)).toBe(0);
      await serve(witness);
    }
    await refuseBoth();
    // The honest log still goes on.
    log.append(2);
    for (const witness of witnesses) {
      expect(await addCheckpoint(witness.endpoint, { oldSize: 11, proof: await log.proof(11), note: await log.checkpoint() })).toHaveLength(1);
    }
  });

  it('needs the witness passphrase to serve, and says how to give it', async () => {
    const witness = witnesses[0]!;
    const wrong = await vigilAwait(['witness', 'serve', '--port', String(await freePort())], {
      ...witness.env,
      VIGIL_WITNESS_PASSPHRASE: 'not the passphrase at all',
    });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.toString()).toMatch(/wrong passphrase/);
    const none = { ...witness.env };
    delete none.VIGIL_WITNESS_PASSPHRASE;
    const missing = await vigilAwait(['witness', 'serve', '--port', String(await freePort())], none);
    expect(missing.status).toBe(1);
    expect(missing.stderr.toString()).toMatch(/set VIGIL_WITNESS_PASSPHRASE, or use --passphrase-file FILE/);
    const elsewhere = vigil(['witness', 'list'], witnessEnv(path.join(dir, 'nowhere')));
    expect(elsewhere.stderr.toString()).toMatch(/no witness at .*nowhere: run `vigil witness init --name NAME` first/);
  });
});
