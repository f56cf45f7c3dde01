/**
 * npm run bench:ingest — Vigil's ingest and verify beside what an investigator would run instead.
 * (a) sha256sum over the corpus; (b) sha256sum and `age -R` on every file; (c) vigil ingest.
 * Then vigil verify beside sha256sum. All runs read from a warm page cache; each figure is the
 * faster of two runs.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureCorpus } from './corpus.js';
import { measure, table, type Measurement } from './measure.js';

const root = path.resolve(process.env.VIGIL_BENCH_DIR ?? '.bench');
const cli = path.resolve('dist/src/cli/main.js');
const corpus = ensureCorpus(path.join(root, 'corpus'));
console.log(`corpus: ${corpus.files.length} files, ${(corpus.bytes / 1024 ** 3).toFixed(2)} GiB in ${corpus.dir}`);
console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, node ${process.version}`);

const work = path.join(root, 'work');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(work, { recursive: true });
const listFile = path.join(work, 'files.txt');
fs.writeFileSync(listFile, corpus.files.join('\0'));
warmCache(corpus.files);

const home = path.join(work, 'home');
const env: NodeJS.ProcessEnv = { ...process.env, VIGIL_HOME: home, VIGIL_PASSPHRASE: 'benchmark passphrase, not secret', VIGIL_SCRYPT_LOG_N: '12' };
delete env.VIGIL_DATABASE_URL;
run(process.execPath, [cli, 'init', '--organisation', 'Benchmark'], env);
const recipients = path.join(work, 'recipients.txt');
fs.copyFileSync(path.join(home, 'keys', 'recipients.txt'), recipients);
const ageOut = path.join(work, 'age-out');
fs.mkdirSync(ageOut);

const hashAll = ['-c', `xargs -0 sha256sum < '${listFile}' > /dev/null`];
const sha = best(() => measure('sha256sum', 'bash', hashAll));
const careful = best(() => {
  fs.rmSync(ageOut, { recursive: true, force: true });
  fs.mkdirSync(ageOut);
  return measure('sha256sum + age -R per file', 'bash', [
    '-c',
    `i=0; while IFS= read -r -d '' f; do sha256sum "$f" >> '${work}/sums.txt'; age -R '${recipients}' -o '${ageOut}/'$i.age "$f"; i=$((i+1)); done < '${listFile}'`,
  ]);
});
fs.rmSync(ageOut, { recursive: true, force: true });
const ingest = best(() => {
  fs.rmSync(home, { recursive: true, force: true });
  run(process.execPath, [cli, 'init', '--organisation', 'Benchmark'], env);
  return measure('vigil ingest', process.execPath, [cli, 'ingest', '--json', corpus.dir], env);
});
const verify = best(() => measure('vigil verify', process.execPath, [cli, 'verify'], env));
const sha2 = best(() => measure('sha256sum (again)', 'bash', hashAll));

console.log('\n## ingest\n');
console.log(table([sha, careful, ingest], sha, corpus.bytes));
console.log(`\nvigil ingest / sha256sum = ${(ingest.seconds / sha.seconds).toFixed(2)} (target ≤ 1.2)`);
console.log(`(sha256sum + age) / vigil ingest = ${(careful.seconds / ingest.seconds).toFixed(2)} (target ≥ 1.5)`);
console.log(`vigil ingest peak RSS = ${ingest.peakRssMiB.toFixed(0)} MiB (target < 200)`);
console.log('\n## verify\n');
console.log(table([sha2, verify], sha2, corpus.bytes));
console.log(`\nvigil verify / sha256sum = ${(verify.seconds / sha2.seconds).toFixed(2)} (target ≤ 1.2); peak RSS ${verify.peakRssMiB.toFixed(0)} MiB`);
summarise([ingest, verify]);

/**
 * The faster of two runs, each after the disk has settled: deleting gigabytes (on a file system
 * mounted with `discard`) and writeback keep the machine busy for seconds, and land on whatever
 * runs next.
 */
function best(measureOnce: () => Measurement): Measurement {
  const runs = [0, 1].map(() => {
    settle();
    return measureOnce();
  });
  return runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function settle(): void {
  spawnSync('sync');
  spawnSync('sleep', ['5']);
  warmCache(corpus.files);
}

function run(command: string, args: string[], runEnv: NodeJS.ProcessEnv): void {
  const result = spawnSync(command, args, { env: runEnv, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

/** Reads every file once so that all runs start from the same warm page cache. */
function warmCache(files: string[]): void {
  const buffer = Buffer.allocUnsafe(4 * 1024 * 1024);
  for (const file of files) {
    const fd = fs.openSync(file, 'r');
    while (fs.readSync(fd, buffer) > 0);
    fs.closeSync(fd);
  }
}

function summarise(runs: Measurement[]): void {
  const failed = runs.some((r) => r.peakRssMiB >= 200);
  if (failed) console.log('\nWARNING: a run went over 200 MiB of peak RSS');
}
