import { loadIntakeConfig } from '../../src/config/intake-config.js';
import { loadCustodyConfig } from '../../src/config/custody-config.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { VigilConfig } from '../../src/config/config.js';
import type { BlobsTarget } from '../../src/config/blobs-config.js';
import { homeLayout } from '../../src/config/home-layout.js';
import { createHome } from '../../src/keys/create-home.js';
import { openVigil, type Vigil } from '../../src/app/open-vigil.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

export const TEST_PASSPHRASE = 'correct horse battery staple';

export interface TestHome {
  dir: string;
  vigil: Vigil;
  database: TestDatabase;
  cleanup(): Promise<void>;
}

/** A new Vigil home in a temp folder, on SQLite or a fresh PostgreSQL database, opened; blobs in the home unless `blobs` says where. */
export async function createTestHome(kind: 'sqlite' | 'postgres', options: { blobs?: BlobsTarget } = {}): Promise<TestHome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-home-'));
  const home = path.join(dir, 'home');
  const database = await createTestDatabase(kind, dir);
  const config: VigilConfig = {
    home,
    database: database.target,
    blobs: options.blobs ?? { kind: 'fs', dir: path.join(home, 'blobs') },
    tsaUrl: null,
    passphraseFromEnv: TEST_PASSPHRASE,
    scryptLogN: 10,
    intake: loadIntakeConfig({}, home),
    custody: loadCustodyConfig({}, home),
    mail: null,
  };
  await createHome(homeLayout(home), { organisation: 'Test Organisation', passphrase: TEST_PASSPHRASE, scryptLogN: 10 });
  const vigil = await openVigil(config);
  return {
    dir,
    vigil,
    database,
    async cleanup() {
      await vigil.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes files of random bytes (and the given texts) under a new folder; returns their paths. */
export function writeCorpus(root: string, files: Record<string, number | string>): Record<string, string> {
  const paths: Record<string, string> = {};
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, typeof content === 'number' ? randomBytes(content) : content);
    paths[name] = file;
  }
  return paths;
}

function randomBytes(n: number): Buffer {
  return crypto.randomFillSync(Buffer.allocUnsafe(n));
}
