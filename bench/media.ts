/**
 * npm run bench:media — PDQ hashing speed, side by side with Meta's reference C++ when it has been built
 * (`bash bench/pdq-reference/build.sh THREATEXCHANGE_DIR`; otherwise Vigil's figures alone), on the same
 * luminance images in one run, with a check that both give the same bits; then decoding and hashing the
 * reference photographs end to end. The video half of media triage (TMK, the frame index) is not built yet.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pdqDihedralFromLuma, pdqFromLuma, pdqOfImage } from '../src/media/index.js';

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
console.log(`\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
