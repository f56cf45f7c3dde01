/**
 * The intake's in-browser encryption speed: serves the built bundle (dist/web/intake) from an ephemeral localhost
 * server under the intake's CSP, runs `window.vigilIntake.encryptBenchmark` in headless Chromium, and samples the
 * JS heap through CDP. It also compares, in the same page, @noble/ciphers with the hand-written ChaCha20-Poly1305 the
 * intake used before (bench/browser-cipher, bundled here, never into the intake).
 * Run directly: `node dist/bench/intake-browser.js [megabytes] [bundle directory to compare with]`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import type { CipherComparison } from './browser-cipher/compare-page.js';

export interface BrowserEncryptionResult {
  /** Sealing only; MB = 10^6 plaintext bytes. */
  mbPerSecond: number;
  /** SHA-256 only. */
  sha256MbPerSecond: number;
  /** Sealing and hashing together: the upload path. */
  totalMbPerSecond: number;
  peakJsHeapMb: number;
  /** The longest a 10 ms timer on the page ran late during the whole benchmark, seen from outside the bundle. */
  longestStallMs: number;
  /** Same, measured by the bundle during its sealing + hashing pass only (bundles that report it). */
  uploadPassStallMs?: number;
  /** One thread, in the same page: @noble/ciphers against the former hand-written cipher. */
  ciphers?: CipherComparison;
}

interface PageResult {
  mbPerSecond: number;
  sha256MbPerSecond: number;
  totalMbPerSecond: number;
  longestStallMs?: number;
}

const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'";
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>intake benchmark</title>
<script type="application/json" id="vigil-intake-config">{"lang":"en","codenameSalt":"","recipients":[],"tusEndpoint":"/submit/files/","apiBase":"/submit/api","chunkSize":8388608}</script>
<script type="module" src="/intake.js"></script></head><body></body></html>`;
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function measureBrowserEncryption(options: {
  bundleDir: string;
  megabytes: number;
  /** Megabytes to seal with each cipher on one thread; 0 skips the comparison. */
  cipherMegabytes?: number;
}): Promise<BrowserEncryptionResult> {
  const cipherMegabytes = options.cipherMegabytes ?? 0;
  const server = await serve(options.bundleDir, cipherMegabytes > 0 ? await bundleCipherComparison() : null);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => 'vigilIntake' in globalThis);

    let peakHeap = 0;
    const sample = async (): Promise<void> => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      peakHeap = Math.max(peakHeap, metrics.find((metric) => metric.name === 'JSHeapUsedSize')?.value ?? 0);
    };
    await sample();
    const timer = setInterval(() => void sample().catch(() => undefined), 200);
    await page.evaluate(() => {
      const scope = globalThis as unknown as { stallWatch: { longest: number; timer: ReturnType<typeof setInterval> } };
      let last = performance.now();
      const watch = {
        longest: 0,
        timer: setInterval(() => {
          const now = performance.now();
          watch.longest = Math.max(watch.longest, now - last - 10);
          last = now;
        }, 10),
      };
      scope.stallWatch = watch;
    });
    const result = await page
      .evaluate(
        (bytes) => (globalThis as unknown as { vigilIntake: { encryptBenchmark(bytes: number): Promise<PageResult> } }).vigilIntake.encryptBenchmark(bytes),
        Math.round(options.megabytes * 1e6),
      )
      .finally(() => clearInterval(timer));
    const longestStallMs = await page.evaluate(() => {
      const watch = (globalThis as unknown as { stallWatch: { longest: number; timer: ReturnType<typeof setInterval> } }).stallWatch;
      clearInterval(watch.timer);
      return watch.longest;
    });
    await sample();
    const ciphers =
      cipherMegabytes > 0
        ? await page.evaluate(
            async (bytes) => ((await import('/cipher-compare.js' as string)) as typeof import('./browser-cipher/compare-page.js')).compareCiphers(bytes),
            Math.round(cipherMegabytes * 1e6),
          )
        : undefined;
    const { longestStallMs: uploadPassStallMs, ...rates } = result;
    return {
      ...rates,
      peakJsHeapMb: peakHeap / 1024 / 1024,
      longestStallMs,
      ...(uploadPassStallMs === undefined ? {} : { uploadPassStallMs }),
      ...(ciphers ? { ciphers } : {}),
    };
  } finally {
    await browser.close();
    server.close();
  }
}

/** bench/browser-cipher/compare-page.ts as one ES module, built from the sources at run time. */
async function bundleCipherComparison(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      lib: { entry: path.resolve('bench/browser-cipher/compare-page.ts'), formats: ['es'], fileName: 'cipher-compare' },
    },
  });
  const outputs = Array.isArray(output) ? output : [output];
  for (const { output: files } of outputs as Array<{ output: Array<{ type: string; code?: string }> }>) {
    const chunk = files.find((file) => file.type === 'chunk');
    if (chunk?.code) return chunk.code;
  }
  throw new Error('vite produced no cipher comparison bundle');
}

/** The page and the bundle's files, with the intake's headers; anything else is 404. */
function serve(bundleDir: string, cipherComparison: string | null): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const headers = { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' };
    if (url.pathname === '/') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
      return;
    }
    if (url.pathname === '/cipher-compare.js' && cipherComparison !== null) {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(cipherComparison);
      return;
    }
    const file = path.join(bundleDir, path.basename(url.pathname));
    if (!/\.js(\.map)?$/.test(file) || !fs.existsSync(file)) {
      response.writeHead(404, headers).end();
      return;
    }
    response.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const megabytes = Number(process.argv[2] ?? 512);
  const other = process.argv[3];
  const rounds = Number(process.env.VIGIL_BENCH_BROWSER_ROUNDS ?? 1);
  // Alternating the two bundles round by round lets both see the same load on a shared machine.
  for (let round = 0; round < rounds; round++) {
    const result = await measureBrowserEncryption({ bundleDir: path.resolve('dist/web/intake'), megabytes, cipherMegabytes: Math.min(megabytes, 128) });
    console.log(JSON.stringify({ bundle: 'dist/web/intake', ...result }));
    if (other) console.log(JSON.stringify({ bundle: other, ...(await measureBrowserEncryption({ bundleDir: path.resolve(other), megabytes })) }));
  }
}
