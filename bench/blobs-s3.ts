/**
 * npm run bench:s3 — ingest, verify and `blobs migrate` with the blobs in an S3-compatible store
 * (s3rver, in its own process on this machine) beside the same runs on the filesystem. s3rver is a
 * JavaScript server writing to the same disk: its times bound nothing about a real store; the memory
 * Vigil holds while streaming to it is the point. Corpus: six files of VIGIL_BENCH_S3_MB MB (default 64).
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { measure, table } from './measure.js';

const FILES = 6;
const PORT = 4599;
const BUCKET = 'bench';

if (process.argv[2] === '--serve') {
  const S3rver = createRequire(import.meta.url)('s3rver') as new (options: object) => { run(): Promise<unknown> };
  await new S3rver({ address: '127.0.0.1', port: PORT, directory: process.argv[3], silent: true, configureBuckets: [{ name: BUCKET }] }).run();
  process.stdout.write('ready\n');
} else {
  await bench();
}

async function bench(): Promise<void> {
  const root = path.resolve(process.env.VIGIL_BENCH_DIR ?? '.bench', 's3');
  const megabytes = Number(process.env.VIGIL_BENCH_S3_MB ?? 64);
  const cli = path.resolve('dist/bundle/cli/main.js');
  fs.rmSync(root, { recursive: true, force: true });
  const corpus = path.join(root, 'corpus');
  fs.mkdirSync(corpus, { recursive: true });
  for (let i = 0; i < FILES; i++) fs.writeFileSync(path.join(corpus, `clip-${i}.bin`), crypto.randomBytes(megabytes * 1e6));
  const bytes = FILES * megabytes * 1e6;
  console.log(`corpus: ${FILES} files of ${megabytes} MB; machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, node ${process.version}`);

  const server = spawn(process.execPath, [process.argv[1]!, '--serve', path.join(root, 's3rver')], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    server.stdout.once('data', () => resolve());
    server.once('exit', (code) => reject(new Error(`s3rver exited (${code})`)));
  });
  try {
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      VIGIL_HOME: path.join(root, 'home'),
      VIGIL_PASSPHRASE: 'benchmark passphrase, not secret',
      VIGIL_SCRYPT_LOG_N: '12',
    };
    delete base.VIGIL_DATABASE_URL;
    delete base.VIGIL_BLOBS_URL;
    const s3: NodeJS.ProcessEnv = {
      ...base,
      AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${PORT}`,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    };
    const inBucket = { ...s3, VIGIL_BLOBS_URL: `s3://${BUCKET}/ingested` };
    const fresh = () => {
      fs.rmSync(base.VIGIL_HOME!, { recursive: true, force: true });
      spawnSync(process.execPath, [cli, 'init', '--organisation', 'Benchmark'], { env: base, stdio: 'ignore' });
    };
    fresh();
    const ingestFs = measure('vigil ingest (filesystem)', process.execPath, [cli, 'ingest', corpus], base);
    const verifyFs = measure('vigil verify (filesystem)', process.execPath, [cli, 'verify'], base);
    const migrate = measure('vigil blobs migrate --to s3://…', process.execPath, [cli, 'blobs', 'migrate', '--to', `s3://${BUCKET}/migrated`], s3);
    fresh();
    const ingestS3 = measure('vigil ingest (s3rver)', process.execPath, [cli, 'ingest', corpus], inBucket);
    const verifyS3 = measure('vigil verify (s3rver)', process.execPath, [cli, 'verify'], inBucket);
    console.log(`\n${table([ingestFs, ingestS3, verifyFs, verifyS3, migrate], ingestFs, bytes)}`);
    console.log(
      `\nvigil ingest to S3, peak RSS ${ingestS3.peakRssMiB.toFixed(0)} MiB (target < 300: the filesystem's 200 plus two 8 MiB parts for each of the six files sealed at once)`,
    );
    console.log(`vigil blobs migrate, peak RSS ${migrate.peakRssMiB.toFixed(0)} MiB (target < 250: four blobs at a time, two 8 MiB parts each)`);
  } finally {
    server.kill();
  }
}
