/**
 * npm run bench:ingest — Vigil's ingest and verify beside `sha256sum`, for the two halves of the corpus
 * apart: one 1 GiB file, and 2,000 files of 1 KB–5 MB. Each half is ingested into a vault of its own and
 * verified there, so that each ratio speaks of one kind of work.
 *
 * Fairness: the page cache cannot be dropped here (no CAP_SYS_ADMIN), so every run reads warm. The sources
 * are read once before `sha256sum` and before `vigil ingest`; the vault's blobs (written with O_DIRECT, so
 * not in the cache after ingest) are read once before `vigil verify`. Runs of one half alternate
 * (sha256sum, ingest, verify, again), and each figure is the fastest of VIGIL_BENCH_ROUNDS (default 2).
 * VIGIL_BENCH_CAREFUL=1 adds the per-file `sha256sum` + `age -R` baseline (minutes on a slow disk).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCorpus, listFiles } from './corpus.js';
import { measure, table, type Measurement } from './measure.js';

interface Half {
  name: string;
  files: string[];
  bytes: number;
  /** What `vigil ingest` is given. */
  root: string;
}

interface HalfResult {
  half: Half;
  sha: Measurement;
  ingest: Measurement;
  verify: Measurement;
}

const rootDir = path.resolve(process.env.VIGIL_BENCH_DIR ?? '.bench');
/** VIGIL_BENCH_CLI runs another build (for a side-by-side of before and after). */
const cli = path.resolve(process.env.VIGIL_BENCH_CLI ?? 'dist/bundle/cli/main.js');
/** Node's flags from the CLI's first line (`#!/usr/bin/env -S node FLAGS`), as `vigil` runs with them. */
const nodeFlags = launcherFlags(cli);
/**
 * VIGIL_BENCH_DROP_CACHES=1 (root only) empties the page cache before each run, then warms the files the run
 * reads: every run, sha256sum's and Vigil's, starts from the same state. Without it each round inherits the
 * previous rounds' deleted vaults, and on the AMD VM Vigil's ingest of the small half slowed round by round
 * (2.75, 3.76, 4.04 s) while sha256sum, which writes nothing, did not.
 */
const dropCaches = process.env.VIGIL_BENCH_DROP_CACHES === '1';
const rounds = Math.max(1, Number(process.env.VIGIL_BENCH_ROUNDS ?? 2));
const corpus = ensureCorpus(path.join(rootDir, 'corpus'));
/** VIGIL_BENCH_HALVES=small (or big) runs one half only, for a quicker side by side. */
const only = process.env.VIGIL_BENCH_HALVES;
const halves: Half[] = [bigHalf(), smallHalf()].filter((h) => only === undefined || only === '' || only === h.name);

console.log(`corpus: ${corpus.files.length} files, ${(corpus.bytes / 1024 ** 3).toFixed(2)} GiB in ${corpus.dir}`);
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, SHA-NI ${hasShaNi() ? 'yes' : 'no'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`,
);
console.log(`cache: warm for every run (sources before sha256sum and ingest, blobs before verify)${dropCaches ? ', emptied before each warming' : ''}`);
console.log(`vigil runs as its launcher runs it: node ${[...nodeFlags, path.relative(process.cwd(), cli)].join(' ')}`);

const work = path.join(rootDir, 'work');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const baseEnv: NodeJS.ProcessEnv = { ...process.env, VIGIL_PASSPHRASE: 'benchmark passphrase, not secret', VIGIL_SCRYPT_LOG_N: '12' };
delete baseEnv.VIGIL_DATABASE_URL;

const results = halves.map(benchHalf);

console.log('\n## ingest and verify against sha256sum, by half\n');
console.log('| half | files | GiB | sha256sum s | ingest s | **ingest ×** | ingest cores | ingest peak RSS | verify s | **verify ×** | verify peak RSS |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const { half, sha, ingest, verify } of results) {
  console.log(
    `| ${half.name} | ${half.files.length} | ${(half.bytes / 1024 ** 3).toFixed(2)} | ${sha.seconds.toFixed(2)} | ${ingest.seconds.toFixed(2)} | **${ratio(ingest, sha)}** | ${(ingest.cpuSeconds / ingest.seconds).toFixed(2)} | ${ingest.peakRssMiB.toFixed(0)} MiB | ${verify.seconds.toFixed(2)} | **${ratio(verify, sha)}** | ${verify.peakRssMiB.toFixed(0)} MiB |`,
  );
}
console.log(`\ntargets: ingest and verify ≤ 1.0 × sha256sum on each half; peak RSS < 200 MB (${(200e6 / 1024 ** 2).toFixed(0)} MiB)`);
for (const { half, sha, ingest, verify } of results) {
  console.log(`${half.name}: ingest/sha256sum = ${ratio(ingest, sha)}, verify/sha256sum = ${ratio(verify, sha)}`);
}
if (results.some((r) => r.ingest.peakRssMiB * 1024 ** 2 >= 200e6 || r.verify.peakRssMiB * 1024 ** 2 >= 200e6)) {
  console.log('\nWARNING: a run went over 200 MB of peak RSS');
}
if (process.env.VIGIL_BENCH_CAREFUL === '1') careful();

function benchHalf(half: Half): HalfResult {
  const home = path.join(work, `home-${half.name}`);
  const env = { ...baseEnv, VIGIL_HOME: home };
  const listFile = path.join(work, `files-${half.name}.txt`);
  fs.writeFileSync(listFile, half.files.join('\0'));
  const hashAll = ['-c', `xargs -0 sha256sum < '${listFile}' > /dev/null`];
  const shas: Measurement[] = [];
  const ingests: Measurement[] = [];
  const verifies: Measurement[] = [];
  for (let round = 0; round < rounds; round++) {
    settle(half.files);
    shas.push(measure(`sha256sum ${half.name}`, 'bash', hashAll));
    fs.rmSync(home, { recursive: true, force: true });
    run(process.execPath, [cli, 'init', '--organisation', 'Benchmark'], env);
    settle(half.files);
    ingests.push(measure(`vigil ingest ${half.name}`, process.execPath, [...nodeFlags, cli, 'ingest', '--json', half.root], env));
    // The first verify signs a checkpoint; later ones reuse it. Time one that does the same work each round.
    run(process.execPath, [cli, 'custody', 'checkpoint'], env);
    settle(listFiles(path.join(home, 'blobs')));
    verifies.push(measure(`vigil verify ${half.name}`, process.execPath, [...nodeFlags, cli, 'verify'], env));
    settle(half.files);
    shas.push(measure(`sha256sum ${half.name} (again)`, 'bash', hashAll));
  }
  const result = { half, sha: fastest(shas), ingest: fastest(ingests), verify: fastest(verifies) };
  console.log(`\n### ${half.name}: ${half.files.length} files, ${(half.bytes / 1e6).toFixed(0)} MB\n`);
  console.log(table([...shas, ...ingests, ...verifies], result.sha, half.bytes));
  return result;
}

function bigHalf(): Half {
  const files = corpus.files.filter((f) => !f.includes(`${path.sep}small${path.sep}`));
  return { name: 'big', files, bytes: sizeOf(files), root: files[0]! };
}

function smallHalf(): Half {
  const files = corpus.files.filter((f) => f.includes(`${path.sep}small${path.sep}`));
  return { name: 'small', files, bytes: sizeOf(files), root: path.join(corpus.dir, 'small') };
}

function sizeOf(files: string[]): number {
  return files.reduce((sum, f) => sum + fs.statSync(f).size, 0);
}

function ratio(run: Measurement, baseline: Measurement): string {
  return (run.seconds / baseline.seconds).toFixed(2);
}

function fastest(runs: Measurement[]): Measurement {
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

/**
 * Lets the disk settle, then warms the page cache with the files the next run reads: deleting gigabytes (on
 * a file system mounted with `discard`) and writeback keep the machine busy for seconds, and land on
 * whatever runs next.
 */

function settle(files: string[]): void {
  spawnSync('sync');
  if (dropCaches) fs.writeFileSync('/proc/sys/vm/drop_caches', '1');
  spawnSync('sleep', ['3']);
  warmCache(files);
}

function run(command: string, args: string[], runEnv: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { env: runEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

function warmCache(files: string[]): void {
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  for (const file of files) {
    const fd = fs.openSync(file, 'r');
    while (fs.readSync(fd, buffer) > 0);
    fs.closeSync(fd);
  }
}

function launcherFlags(script: string): string[] {
  const first = fs.readFileSync(script, 'utf8').split('\n', 1)[0] ?? '';
  const match = /^#!\/usr\/bin\/env -S node\b(.*)$/.exec(first);
  return match ? match[1]!.trim().split(/\s+/).filter(Boolean) : [];
}

function hasShaNi(): boolean {
  try {
    return /\bsha_ni\b/.test(fs.readFileSync('/proc/cpuinfo', 'utf8'));
  } catch {
    return false;
  }
}

/** The investigator's careful alternative: a checksum and an age file per source, one after another. */
function careful(): void {
  const home = path.join(work, 'home-big');
  const recipients = path.join(work, 'recipients.txt');
  fs.copyFileSync(path.join(home, 'keys', 'recipients.txt'), recipients);
  const listFile = path.join(work, 'files.txt');
  fs.writeFileSync(listFile, corpus.files.join('\0'));
  const ageOut = path.join(work, 'age-out');
  fs.rmSync(ageOut, { recursive: true, force: true });
  fs.mkdirSync(ageOut);
  settle(corpus.files);
  const sha = measure('sha256sum', 'bash', ['-c', `xargs -0 sha256sum < '${listFile}' > /dev/null`]);
  settle(corpus.files);
  const slow = measure('sha256sum + age -R per file', 'bash', [
    '-c',
    `i=0; while IFS= read -r -d '' f; do sha256sum "$f" >> '${work}/sums.txt'; age -R '${recipients}' -o '${ageOut}/'$i.age "$f"; i=$((i+1)); done < '${listFile}'`,
  ]);
  fs.rmSync(ageOut, { recursive: true, force: true });
  console.log('\n## the whole corpus, sha256sum + age -R per file\n');
  console.log(table([sha, slow], sha, corpus.bytes));
}
