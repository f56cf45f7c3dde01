import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI } from './run-cli.js';

/** The bundled CLI (scripts/bundle-cli.mjs), which `vigil` and `npm start` run. */
const BUNDLE = path.dirname(CLI);

/** Every worker script the sources start with `new URL('./name.js', import.meta.url)`. */
function workerScripts(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const match of text.matchAll(/new URL\('\.\/([\w-]+\.js)', import\.meta\.url\)/g)) found.push(match[1]!);
  }
  return found;
}

describe.skipIf(!fs.existsSync(CLI) && !process.env.CI)('the bundled CLI', () => {
  it('holds every worker thread the sources start, next to the chunks that start them', () => {
    const workers = workerScripts('src');
    expect(workers.length).toBeGreaterThanOrEqual(3);
    for (const worker of workers) expect(fs.existsSync(path.join(BUNDLE, worker)), `${worker} is missing from ${BUNDLE}`).toBe(true);
  });

  it('loads a few dozen files, not the 1,200 of the unbundled build', () => {
    const hooks = `data:text/javascript,${encodeURIComponent(
      "import { registerHooks } from 'node:module'; let n = 0; registerHooks({ load(url, context, next) { if (url.startsWith('file:')) n++; return next(url, context); } }); process.on('exit', () => process.stderr.write(`loaded ${n}\\n`));",
    )}`;
    const run = spawnSync(process.execPath, ['--import', hooks, CLI, '--version'], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    const loaded = Number(/loaded (\d+)/.exec(run.stderr)?.[1]);
    expect(loaded).toBeGreaterThan(0);
    expect(loaded).toBeLessThan(150);
  });
});
