import { type BenchmarkResult, encryptBenchmark } from './benchmark.js';
import { inlineEncryptor, type ChunkEncryptor } from './chunk-encryptor.js';
import { enhanceCodenamePage, enhanceSignIn } from './codename-pages.js';
import { readConfig } from './config.js';
import { isWorkerScope, serveCryptoWorker } from './crypto-worker.js';
import { translator } from './i18n.js';
import type { FileUpload } from './upload-file.js';
import { mountUploader } from './upload-ui.js';
import { startWorkerPool } from './worker-pool.js';
import { startHashWorker } from './hash-worker-client.js';
import { createPlaintextHasher, type HasherFactory } from './plaintext-hasher.js';

export interface VigilIntake {
  state(): { files: { name: string; bytesSent: number; bytesTotal: number; status: string; error?: string }[]; done: boolean };
  encryptBenchmark(bytes: number): Promise<BenchmarkResult>;
}

declare global {
  interface Window {
    vigilIntake?: VigilIntake;
  }
}

// This one bundle is both the page script and, started again as a module worker, the sealing worker.
if (isWorkerScope()) serveCryptoWorker();
else boot();

function boot(): void {
  const config = readConfig(document);
  const t = translator(config.lang);
  const uploads: FileUpload[] = [];
  let encryptor: Promise<ChunkEncryptor> | null = null;
  const getEncryptor = () => (encryptor ??= startEncryptor());
  let hashers: Promise<HasherFactory> | null = null;
  const getHasher = async () => (await (hashers ??= startHashers()))();

  window.vigilIntake = {
    state: () => ({
      files: uploads.map(({ name, bytesSent, bytesTotal, status, error }) => ({ name, bytesSent, bytesTotal, status, ...(error ? { error } : {}) })),
      done: uploads.length > 0 && uploads.every((u) => u.status === 'complete' || u.status === 'skipped' || u.status === 'failed'),
    }),
    encryptBenchmark: async (bytes) =>
      encryptBenchmark(bytes, { encryptor: await getEncryptor(), hasher: getHasher, recipients: config.recipients, chunkSize: config.chunkSize }),
  };

  enhanceCodenamePage(document, config, t);
  enhanceSignIn(document, config, t);
  const section = document.getElementById('js-upload');
  if (section) mountUploader(section, document.getElementById('form-upload'), { config, t, encryptor: getEncryptor, hasher: getHasher, uploads });
}

/** Sealing (ChaCha20-Poly1305 in JavaScript) is the costly part, so it runs in workers, one per core. */
async function startEncryptor(): Promise<ChunkEncryptor> {
  const cores = navigator.hardwareConcurrency || 2;
  return (await startWorkerPool(import.meta.url, Math.min(4, Math.max(1, cores)))) ?? inlineEncryptor;
}

/**
 * SHA-256 runs in a worker of its own: hashing on the page took 3 to 4 ms of its thread a MiB, copying a piece to the
 * worker takes a tenth of that, so the page keeps answering while it encrypts.
 */
async function startHashers(): Promise<HasherFactory> {
  return (await startHashWorker(import.meta.url)) ?? createPlaintextHasher;
}
