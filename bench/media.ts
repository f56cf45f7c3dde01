/**
 * npm run bench:media — PDQ hashing speed, side by side with Meta's reference C++ when it has been built
 * (`bash bench/pdq-reference/build.sh THREATEXCHANGE_DIR`; otherwise Vigil's figures alone), on the same
 * luminance images in one run, with a check that both give the same bits; then decoding and hashing the
 * reference photographs end to end; then a near-duplicate query over a million stored frame hashes, the index
 * beside a full scan (what the reference's flat index does). The video half (a generated archive analysed by
 * two workers beside a decode-only ffmpeg pass) is bench/media-video.ts, run after this one.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { distanceAt, pdqDihedralFromLuma, pdqFromLuma, pdqOfImage, PdqIndex } from '../src/media/index.js';

const IMAGES = Number(process.env.VIGIL_BENCH_PDQ_IMAGES ?? 300);
const SIZE = 512;
const harness = path.resolve(process.env.VIGIL_PDQ_REFERENCE ?? '.bench/pdq-reference-harness');
const fixtures = path.resolve('test/fixtures/pdq');

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, node ${process.version}, load ${os.loadavg()[0]!.toFixed(1)}`);

/** Deterministic luminance with detail at several scales, so that no hash is degenerate. */
function luma(seed: number): Float32Array {
  let state = seed;
  const out = new Float32Array(SIZE * SIZE);
  for (let i = 0; i < out.length; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out[i] = ((state >> 8) % 64) + 100 * Math.sin(i / (37 + (seed % 11))) + 60 * Math.cos(Math.floor(i / SIZE) / (5 + (seed % 7)));
  }
  return out;
}

/** Distinct pictures, used in turn: enough to defeat caching, few enough to keep the benchmark's own memory small. */
const DISTINCT = 50;
const pictures = Array.from({ length: DISTINCT }, (_, i) => luma(i + 1));
const inputs = Array.from({ length: IMAGES }, (_, i) => pictures[i % DISTINCT]!);

// Vigil: a warm-up, then the timed pass (each call gets its own copy, as the filter works in place).
for (const input of inputs.slice(0, 20)) pdqFromLuma(input.slice(), SIZE, SIZE);
let started = process.hrtime.bigint();
const ours = inputs.map((input) => pdqDihedralFromLuma(input.slice(), SIZE, SIZE));
const oursMs = Number(process.hrtime.bigint() - started) / 1e6 / IMAGES;

console.log(`\n## PDQ of ${IMAGES} luminance images of ${SIZE} × ${SIZE} (filter, DCT, eight orientations)\n`);
console.log('| hasher | ms an image | images a second | × reference |');
console.log('| --- | ---: | ---: | ---: |');
if (fs.existsSync(harness)) {
  // Synthetic input only (no evidence): fed to the harness from a file, not from this process's memory.
  const inputFile = path.join(os.tmpdir(), `vigil-bench-pdq-${process.pid}.bin`);
  const head = Buffer.alloc(8);
  head.writeInt32LE(SIZE, 0);
  head.writeInt32LE(SIZE, 4);
  const out = fs.openSync(inputFile, 'w');
  for (const input of inputs) {
    fs.writeSync(out, head);
    fs.writeSync(out, Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  }
  fs.closeSync(out);
  const stdin = fs.openSync(inputFile, 'r');
  started = process.hrtime.bigint();
  const run = spawnSync(harness, { stdio: [stdin, 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const referenceMs = Number(process.hrtime.bigint() - started) / 1e6 / IMAGES;
  fs.closeSync(stdin);
  fs.rmSync(inputFile, { force: true });
  if (run.status !== 0) throw new Error(`the reference harness failed: ${run.stderr.toString()}`);
  const lines = run.stdout.toString().trim().split('\n');
  const same = lines.filter((line, i) => {
    const h = ours[i]!;
    return line === [h.quality, h.original, h.rotate90, h.rotate180, h.rotate270, h.flipX, h.flipY, h.flipPlus1, h.flipMinus1].join(' ');
  }).length;
  console.log(`| reference C++ (g++ -O2, input from a file) | ${referenceMs.toFixed(2)} | ${(1000 / referenceMs).toFixed(0)} | 1.00 |`);
  console.log(`| Vigil (TypeScript) | ${oursMs.toFixed(2)} | ${(1000 / oursMs).toFixed(0)} | ${(oursMs / referenceMs).toFixed(2)} |`);
  console.log(`\nsame quality and all eight hashes as the reference, bit for bit: ${same} of ${IMAGES}`);
} else {
  console.log(`| Vigil (TypeScript) | ${oursMs.toFixed(2)} | ${(1000 / oursMs).toFixed(0)} | (no reference built: bench/pdq-reference/build.sh) |`);
}

// End to end: decode (libvips) and hash the reference photographs.
const files = fs
  .readFileSync(path.join(fixtures, 'expected.csv'), 'utf8')
  .trim()
  .split('\n')
  .map((line) => path.join(fixtures, line.split(',')[2]!));
const bytes = files.map((file) => fs.readFileSync(file));
for (const b of bytes.slice(0, 3)) await pdqOfImage(b);
const rounds = 5;
started = process.hrtime.bigint();
for (let r = 0; r < rounds; r++) for (const b of bytes) await pdqOfImage(b);
const endToEndMs = Number(process.hrtime.bigint() - started) / 1e6 / (rounds * bytes.length);
console.log(`\n## decode and hash the ${bytes.length} reference JPEGs (up to 1600 × 1004), ${rounds} rounds\n`);
console.log(`${endToEndMs.toFixed(1)} ms an image (${(1000 / endToEndMs).toFixed(0)} images a second, one thread)`);

// A million stored hashes (random, plus near copies as re-encoded frames give), queried within 31 bits.
const STORED = Number(process.env.VIGIL_BENCH_PDQ_STORED ?? 1_000_000);
const QUERIES = 2000;
const SCANNED = 100;
const words = new Uint32Array(crypto.randomBytes(STORED * 32).buffer);
for (let i = 0; i < STORED / 10; i++) {
  // every tenth hash is a near copy of another (flip up to 24 bits)
  const from = crypto.randomInt(STORED) * 8;
  const to = crypto.randomInt(STORED) * 8;
  for (let w = 0; w < 8; w++) words[to + w] = words[from + w]!;
  for (let k = crypto.randomInt(25); k > 0; k--) words[to + crypto.randomInt(8)]! ^= 1 << crypto.randomInt(32);
}
const queries = Array.from({ length: QUERIES }, (_, i) => {
  const q = new Uint32Array(8);
  if (i % 2 === 0) {
    const at = crypto.randomInt(STORED) * 8;
    for (let w = 0; w < 8; w++) q[w] = words[at + w]!;
    for (let k = crypto.randomInt(31); k > 0; k--) q[crypto.randomInt(8)]! ^= 1 << crypto.randomInt(32);
  } else {
    crypto.randomFillSync(q);
  }
  return q;
});
const memoryBefore = process.memoryUsage().arrayBuffers;
started = process.hrtime.bigint();
const index = new PdqIndex(words);
const buildMs = Number(process.hrtime.bigint() - started) / 1e6;
const indexMiB = (process.memoryUsage().arrayBuffers - memoryBefore) / 1024 ** 2;
const timeQueries = (run: (q: Uint32Array) => unknown, qs: Uint32Array[]) =>
  qs.map((q) => {
    const t = process.hrtime.bigint();
    run(q);
    return Number(process.hrtime.bigint() - t) / 1e6;
  });
const scan = (q: Uint32Array) => {
  const found: Array<{ index: number; distance: number }> = [];
  for (let i = 0; i < STORED; i++) {
    const distance = distanceAt(words, i * 8, q);
    if (distance <= 31) found.push({ index: i, distance });
  }
  return found.sort((a, b) => a.distance - b.distance || a.index - b.index);
};
timeQueries((q) => index.query(q, 31), queries.slice(0, 50));
const indexed = timeQueries((q) => index.query(q, 31), queries);
const scanned = timeQueries(scan, queries.slice(0, SCANNED));
const agree = queries.slice(0, SCANNED).filter((q) => JSON.stringify(index.query(q, 31)) === JSON.stringify(scan(q))).length;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
console.log(`\n## near-duplicate query within 31 bits over ${STORED.toLocaleString('en')} stored hashes\n`);
console.log(`index built in ${buildMs.toFixed(0)} ms, ${indexMiB.toFixed(0)} MiB beside the hashes themselves (${((STORED * 32) / 1024 ** 2).toFixed(0)} MiB)`);
console.log('| search | queries | p50 ms | p95 ms | p99 ms | × full scan (p95) |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
console.log(
  `| full scan | ${SCANNED} | ${percentile(scanned, 50).toFixed(2)} | ${percentile(scanned, 95).toFixed(2)} | ${percentile(scanned, 99).toFixed(2)} | 1.00 |`,
);
console.log(
  `| multi-index hashing | ${QUERIES} | ${percentile(indexed, 50).toFixed(3)} | ${percentile(indexed, 95).toFixed(3)} | ${percentile(indexed, 99).toFixed(3)} | ${(percentile(indexed, 95) / percentile(scanned, 95)).toFixed(4)} |`,
);
console.log(`the index and the scan found the same hashes for ${agree} of ${SCANNED} queries; target p95 ≤ 10 ms`);
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
