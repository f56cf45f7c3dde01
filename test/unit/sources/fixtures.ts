import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_ARCHIVE_LIMITS, walkSources, type ArchiveLimits, type SourceEntry, type SourceProblem } from '../../../src/vault/sources/walk-sources.js';

export function makeTempDir(prefix = 'vigil-sources-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/** Runs a Python snippet; extra arguments arrive as sys.argv[1:]. */
export function python(script: string, ...args: string[]): void {
  execFileSync('python3', ['-c', script, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

export function run(command: string, args: string[], cwd?: string): void {
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
}

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function sha256File(path: string): string {
  return sha256(readFileSync(path));
}

export async function sha256Stream(stream: AsyncIterable<Buffer>): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk);
  return hash.digest('hex');
}

export interface Walked {
  entries: Array<{ entry: SourceEntry; sha256: string | null; error: Error | null }>;
  problems: SourceProblem[];
  /** Entry locations and problems, in the order they were emitted. */
  order: string[];
}

/**
 * Walks `paths`, reading every entry's stream before asking for the next event
 * (as the sequential contract of tar entries requires) unless `read` is false.
 */
export async function walkAll(paths: string[], options: { expandArchives?: boolean; limits?: Partial<ArchiveLimits>; read?: boolean } = {}): Promise<Walked> {
  const walked: Walked = { entries: [], problems: [], order: [] };
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...options.limits };
  for await (const event of walkSources(paths, { expandArchives: options.expandArchives ?? true, limits })) {
    if (event.type === 'problem') {
      walked.problems.push(event.problem);
      walked.order.push(`${event.problem.kind}: ${event.problem.location}`);
      continue;
    }
    walked.order.push(event.entry.location);
    if (options.read === false) {
      walked.entries.push({ entry: event.entry, sha256: null, error: null });
      continue;
    }
    try {
      const digest = await sha256Stream(await event.entry.open());
      walked.entries.push({ entry: event.entry, sha256: digest, error: null });
    } catch (error) {
      walked.entries.push({ entry: event.entry, sha256: null, error: error as Error });
    }
  }
  return walked;
}

export function entryAt(walked: Walked, location: string): Walked['entries'][number] {
  const found = walked.entries.find((item) => item.entry.location === location);
  if (!found) throw new Error(`no entry at ${location}; got ${walked.order.join(', ')}`);
  return found;
}

export function problemAt(walked: Walked, location: string): SourceProblem {
  const found = walked.problems.find((problem) => problem.location === location);
  if (!found) throw new Error(`no problem at ${location}; got ${walked.order.join(', ')}`);
  return found;
}
