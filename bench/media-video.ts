/**
 * The video half of `npm run bench:media`: a generated archive of SD clips (2 hours in 200 clips unless
 * VIGIL_BENCH_MEDIA_MINUTES / VIGIL_BENCH_MEDIA_CLIPS say otherwise), analysed by two `vigil worker`
 * processes (probe, frame hashes and TMK features at one frame a second, the burned-in clock read by OCR, then
 * the derived views), side by side with a decode-only `ffmpeg -i FILE -f null -` pass over the same files, one
 * after the other, as a person would check them. CPU seconds a clip are the workers' and their tools'.
 * Throughput is seconds of video a second of wall time (× real time), from the workers' start until the
 * last analysis is done; VIGIL_BENCH_MEDIA_VIEWS=1 also waits for the derived views (a 480p encode of every
 * clip: an hour and more for the full archive on two cores). The archive is kept under .bench/ and made again
 * only when its parameters change.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { measure } from './measure.js';

const minutes = Number(process.env.VIGIL_BENCH_MEDIA_MINUTES ?? 120);
const clipCount = Number(process.env.VIGIL_BENCH_MEDIA_CLIPS ?? 200);
const WORKERS = 2;
const waitForViews = process.env.VIGIL_BENCH_MEDIA_VIEWS === '1';
const cli = path.resolve('dist/bundle/cli/main.js');
const root = path.resolve(process.env.VIGIL_BENCH_DIR ?? '.bench');
const archive = path.join(root, `media-archive-v2-${minutes}m-${clipCount}`);
const clipSeconds = (minutes * 60) / clipCount;

/** PAL SD, as many prison CCTV recorders store it; three kinds of picture, so that clips are not all alike. */
function sourceFor(i: number): string {
  const size = '720x576';
  const kinds = [
    `testsrc2=size=${size}:rate=25`,
    `life=size=${size}:rate=25:mold=10:ratio=0.${(i % 7) + 1}:seed=${i}:death_color=#202020:life_color=#c0c0c0`,
    `cellauto=size=${size}:rate=25:rule=${[18, 30, 90, 110, 150][i % 5]}:seed=${i}`,
  ];
  return kinds[i % kinds.length]!;
}

function makeArchive(): void {
  const done = path.join(archive, '.complete');
  if (fs.existsSync(done)) return;
  fs.rmSync(archive, { recursive: true, force: true });
  fs.mkdirSync(archive, { recursive: true });
  console.log(`making ${clipCount} clips of ${clipSeconds.toFixed(0)} s (${minutes} min of 720×576 H.264) in ${archive} …`);
  for (let i = 0; i < clipCount; i++) {
    const camera = path.join(archive, `camera-${(i % 8) + 1}`);
    fs.mkdirSync(camera, { recursive: true });
    const made = spawnSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', sourceFor(i), '-t', String(clipSeconds)],
      // A hue of its own for each clip: the same test pattern twice would be one item (same bytes, same SHA-256).
      ...['-vf', `hue=H=${(i * 0.37).toFixed(2)}`],
      ...['-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '30', '-g', '50', '-pix_fmt', 'yuv420p'],
      path.join(camera, `clip-${String(i).padStart(4, '0')}.mp4`),
    ]);
    if (made.status !== 0) throw new Error(`ffmpeg failed: ${made.stderr.toString()}`);
  }
  fs.writeFileSync(done, '');
}

function clips(): string[] {
  return fs
    .readdirSync(archive, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.mp4'))
    .map((f) => path.join(archive, f))
    .sort();
}

function vigil(args: string[], env: NodeJS.ProcessEnv): string {
  const run = spawnSync(process.execPath, [cli, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`vigil ${args.join(' ')} failed: ${run.stderr.toString()}`);
  return run.stdout.toString();
}

/** Media jobs still to do, read straight from the queue table (a `vigil jobs` a second would itself cost a core). */
function pending(dbFile: string): { analyse: number; derive: number } {
  // Ingest queues a sweep, which queues an analysis of each item; each analysis queues its views.
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        "SELECT name, COUNT(*) AS n FROM jobs WHERE state IN ('queued', 'retrying', 'active') AND name IN ('media.sweep', 'media.analyse', 'media.derive') GROUP BY name",
      )
      .all() as Array<{ name: string; n: number }>;
    const count = (name: string) => rows.find((r) => r.name === name)?.n ?? 0;
    return { analyse: count('media.sweep') + count('media.analyse'), derive: count('media.derive') };
  } finally {
    db.close();
  }
}

/** Jobs a worker has taken (active or done): a worker that has taken one has opened the home and its databases. */
function startedJobs(dbFile: string): number {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM jobs WHERE state IN ('active', 'done')").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * CPU seconds a worker has used so far, its finished tools (ffprobe, ffmpeg, tesseract) included: `pid` is the
 * GNU time wrapping it, whose one child is the worker. A tool still running (a derived view's encode) is not counted.
 */
function treeCpuSeconds(pid: number): number {
  const ticks = 100; // USER_HZ, what /proc counts in on Linux
  const stat = (id: number) => fs.readFileSync(`/proc/${id}/stat`, 'utf8').split(') ')[1]!.split(' ');
  try {
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(' ').filter(Boolean);
    // utime, stime, cutime, cstime: the 14th to 17th fields of the line, the 12th to 15th after the name.
    const used = (id: number) =>
      stat(id)
        .slice(11, 15)
        .reduce((sum, n) => sum + Number(n), 0) / ticks;
    return children.reduce((sum, child) => sum + used(Number(child)), 0);
  } catch {
    return NaN;
  }
}

async function main(): Promise<void> {
  console.log(`\n## Media triage of ${minutes} minutes of SD video in ${clipCount} clips (${os.cpus().length} × ${os.cpus()[0]?.model})\n`);
  makeArchive();
  const files = clips();
  const videoSeconds = clipSeconds * files.length;
  const list = path.join(root, 'media-archive-files.txt');
  fs.writeFileSync(list, files.join('\0'));
  spawnSync('bash', ['-c', `xargs -0 cat < '${list}' > /dev/null`]); // the page cache warm for both
  const decode = measure('ffmpeg -i FILE -f null - (each file in turn)', 'bash', ['-c', `xargs -0 -I{} ffmpeg -v error -i {} -f null - < '${list}'`]);

  const home = path.join(root, 'media-bench-home');
  fs.rmSync(home, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    VIGIL_HOME: home,
    VIGIL_PASSPHRASE: 'benchmark passphrase, not secret',
    VIGIL_SCRYPT_LOG_N: '12',
    VIGIL_JOB_POLL_MS: '200',
  };
  delete env.VIGIL_DATABASE_URL;
  vigil(['init', '--organisation', 'Benchmark'], env);
  const ingestStarted = performance.now();
  vigil(['ingest', '--json', archive], env);
  const ingestSeconds = (performance.now() - ingestStarted) / 1000;

  const started = performance.now();
  const rss: number[] = [];
  const dbFile = path.join(home, 'vigil.db');
  const startWorker = () => spawn('/usr/bin/time', ['-f', '%M', process.execPath, cli, 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  // The second worker starts once the first has taken a job: two workers opening a new home at once race to
  // migrate its intake database, and the loser stops ("duplicate column name"), leaving one worker to do it all.
  const workers: ChildProcess[] = [startWorker()];
  while (workers.length < WORKERS) {
    await new Promise((r) => setTimeout(r, 100));
    if (startedJobs(dbFile) > 0) workers.push(startWorker());
  }
  const exited = workers.map(
    (worker) =>
      new Promise<void>((resolve) => {
        let err = '';
        worker.stderr!.on('data', (d: Buffer) => (err += d.toString()));
        worker.on('close', () => {
          const lines = err.trim().split('\n');
          const kib = Number(lines.pop());
          if (Number.isFinite(kib)) rss.push(kib / 1024);
          // A worker that stopped on its own (not at the end) says why: the figures are then one worker's.
          if (lines.some((line) => /error|exit/i.test(line))) console.log(`a worker said:\n${lines.slice(-20).join('\n')}`);
          resolve();
        });
      }),
  );
  let analysed = 0;
  let finished: number;
  let workersCpu: number;
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const left = pending(dbFile);
    const now = (performance.now() - started) / 1000;
    if (analysed === 0 && left.analyse === 0) analysed = now;
    if (left.analyse === 0 && (!waitForViews || left.derive === 0)) {
      finished = now;
      workersCpu = workers.reduce((sum, worker) => sum + treeCpuSeconds(worker.pid!), 0);
      break;
    }
  }
  // The worker (or time's child) takes SIGINT as "finish the job in hand and stop".
  for (const worker of workers) worker.kill('SIGINT');
  spawnSync('pkill', ['-INT', '-f', `${cli} worker`]);
  await Promise.all(exited);

  const shown = JSON.parse(vigil(['media', 'duplicates', '--json'], env)) as { clusters: unknown[] };
  const clipCpu = (seconds: number) => (seconds / files.length).toFixed(2);
  const db = new Database(dbFile, { readonly: true });
  const analyses = db.prepare('SELECT state, COUNT(*) AS n FROM media_analyses GROUP BY state').all() as Array<{ state: string; n: number }>;
  const views = db.prepare('SELECT kind, state, COUNT(*) AS n FROM media_derived_views GROUP BY kind, state').all() as Array<{
    kind: string;
    state: string;
    n: number;
  }>;
  db.close();
  const speed = (seconds: number) => (videoSeconds / seconds).toFixed(0);
  console.log('| run | seconds | × real time | × decode-only | CPU-s a clip | peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  console.log(
    `| ffmpeg decode only, each file in turn | ${decode.seconds.toFixed(1)} | ${speed(decode.seconds)} | 1.00 | ${clipCpu(decode.cpuSeconds)} | ${decode.peakRssMiB.toFixed(0)} MiB |`,
  );
  console.log(
    `| Vigil, ${WORKERS} workers: analysis (probe, frame hashes and TMK, burned-in clock) | ${analysed.toFixed(1)} | ${speed(analysed)} | **${(decode.seconds / analysed).toFixed(2)}** | ${waitForViews ? '' : clipCpu(workersCpu)} | ${rss.map((r) => r.toFixed(0)).join(', ')} MiB |`,
  );
  if (waitForViews)
    console.log(
      `| Vigil, ${WORKERS} workers: analysis and derived views (posters, strips, sheets, proxies, cleaned copies) | ${finished.toFixed(1)} | ${speed(finished)} | ${(decode.seconds / finished).toFixed(2)} | ${clipCpu(workersCpu)} | |`,
    );
  console.log(`\ningest before (not in the figures above): ${ingestSeconds.toFixed(1)} s; clusters found: ${shown.clusters.length}`);
  console.log(`analyses: ${analyses.map((a) => `${a.n} ${a.state}`).join(', ')}; views: ${views.map((v) => `${v.n} ${v.kind} ${v.state}`).join(', ')}`);
  console.log('target: analysis ≥ 0.5 × decode-only throughput with two workers');
  console.log('analyses run first (the queue is first in, first out); views made meanwhile by a worker with no analysis left are in the figure');
}

await main();
