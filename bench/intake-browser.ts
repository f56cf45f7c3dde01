/**
 * The intake's in-browser encryption speed: serves the built bundle (dist/web/intake) from an ephemeral localhost
 * server under the intake's CSP, runs `window.vigilIntake.encryptBenchmark` in headless Chromium, and samples the
 * JS heap through CDP. Run directly: `node dist/bench/intake-browser.js [megabytes]`.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

export interface BrowserEncryptionResult {
  /** Sealing only; MB = 10^6 plaintext bytes. */
  mbPerSecond: number;
  /** SHA-256 only. */
  sha256MbPerSecond: number;
  /** Sealing and hashing together: the upload path. */
  totalMbPerSecond: number;
  peakJsHeapMb: number;
}

interface PageResult {
  mbPerSecond: number;
  sha256MbPerSecond: number;
  totalMbPerSecond: number;
}

const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'";
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>intake benchmark</title>
<script type="application/json" id="vigil-intake-config">{"lang":"en","codenameSalt":"","recipients":[],"tusEndpoint":"/submit/files/","apiBase":"/submit/api","chunkSize":8388608}</script>
<script type="module" src="/intake.js"></script></head><body></body></html>`;
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export async function measureBrowserEncryption(options: { bundleDir: string; megabytes: number }): Promise<BrowserEncryptionResult> {
  const server = await serve(options.bundleDir);
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
    const result = await page
      .evaluate(
        (bytes) => (globalThis as unknown as { vigilIntake: { encryptBenchmark(bytes: number): Promise<PageResult> } }).vigilIntake.encryptBenchmark(bytes),
        Math.round(options.megabytes * 1e6),
      )
      .finally(() => clearInterval(timer));
    await sample();
    return { ...result, peakJsHeapMb: peakHeap / 1024 / 1024 };
  } finally {
    await browser.close();
    server.close();
  }
}

/** The page and the bundle's files, with the intake's headers; anything else is 404. */
function serve(bundleDir: string): Promise<http.Server> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const headers = { 'Content-Security-Policy': CSP, 'Cache-Control': 'no-store' };
    if (url.pathname === '/') {
      response.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(PAGE);
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
  const result = await measureBrowserEncryption({ bundleDir: path.resolve('dist/web/intake'), megabytes });
  console.log(JSON.stringify(result));
}
