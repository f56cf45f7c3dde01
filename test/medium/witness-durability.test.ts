import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { initWitness, listLogStates, startWitnessServer, trustLog, unlockWitnessKey, witnessLayout } from '../../src/witness/index.js';
import { MemoryLog } from '../helpers/memory-log.js';

// The disk refuses writes while `failWrites` is set, as a full or failing disk would.
const disk = vi.hoisted(() => ({ failWrites: false }));
vi.mock('../../src/witness/durable-file.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/witness/durable-file.js')>();
  return {
    ...real,
    writeFileDurably: async (...args: Parameters<typeof real.writeFileDurably>) => {
      if (disk.failWrites) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      return real.writeFileDurably(...args);
    },
  };
});

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-witness-durability-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('a witness whose disk fails', () => {
  it('returns no cosignature for a state it could not save, and keeps the state it had', async () => {
    const layout = witnessLayout(path.join(root, 'witness'));
    await initWitness(layout, { name: 'witness.example.org/w1', passphrase: 'a witness passphrase for tests', scryptLogN: 10 });
    const log = new MemoryLog().append(4);
    await trustLog(layout, log.origin, log.keys.verifierKey);
    const signerKey = await unlockWitnessKey(layout, 'a witness passphrase for tests');
    const server = await startWitnessServer({ dir: layout.root, signerKey, host: '127.0.0.1', port: 0 });
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const submit = async (oldSize: number) =>
        fetch(`${server.url}/add-checkpoint`, {
          method: 'POST',
          body: `old ${oldSize}\n${(await log.proof(oldSize)).map((h) => `${h.toString('base64')}\n`).join('')}\n${await log.checkpoint()}`,
        });
      disk.failWrites = true;
      const failed = await submit(0);
      expect(failed.status).toBe(500);
      expect(await failed.text()).not.toContain('—');
      expect(stderr).toHaveBeenCalledWith(expect.stringMatching(/ENOSPC/));
      expect(await listLogStates(layout)).toMatchObject([{ size: 0, checkpoint: null }]);

      disk.failWrites = false;
      const cosigned = await submit(0);
      expect(cosigned.status).toBe(200);
      expect(await cosigned.text()).toMatch(/^— witness\.example\.org\/w1 /);
      expect(await listLogStates(layout)).toMatchObject([{ size: 4 }]);
    } finally {
      stderr.mockRestore();
      await server.close();
    }
  });
});
