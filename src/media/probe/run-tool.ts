import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable } from 'node:stream';

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The tool wrote more to stderr than is kept (the first 64 KiB). */
  stderrTruncated: boolean;
  timedOut: boolean;
  /** Killed because the caller gave up (the worker is stopping). */
  aborted: boolean;
}

export interface ToolOptions {
  input?: Readable;
  timeoutMs: number;
  /** Variables the tool needs beyond the few every tool gets (never the caller's whole environment). */
  env?: Record<string, string>;
  signal?: AbortSignal;
  /** Takes stdout as it comes instead of keeping it. */
  onStdout?: (data: Buffer) => void;
  /** Opens a fourth pipe, file descriptor 3 in the tool (ffmpeg's `pipe:3`), and takes what it writes there. */
  onFd3?: (data: Buffer) => void;
  maxOutputBytes?: number;
}

/** Address space a tool may use: a hostile file's 8000 × 8000 16-bit frames otherwise took ffmpeg to 3 GB. */
const MEMORY_BYTES = 2 * 1024 ** 3;
const PRLIMIT = '/usr/bin/prlimit';

/** The command line and environment a tool runs with: under prlimit where there is one, never the caller's environment. */
export function limitedCommand(command: string, args: string[], options: { timeoutMs: number; env?: Record<string, string> }) {
  const cpuSeconds = Math.max(1, Math.ceil(options.timeoutMs / 1000));
  const [file, argv] = existsSync(PRLIMIT) ? [PRLIMIT, [`--as=${MEMORY_BYTES}`, `--cpu=${cpuSeconds}`, '--', command, ...args]] : [command, args];
  return { file, argv, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', ...options.env } };
}

/** A media tool that is not on this machine: the machine's fault, not the file's. */
export class ToolNotInstalledError extends Error {
  override name = 'ToolNotInstalledError';
  constructor(readonly command: string) {
    super(`${command} is not installed: media analysis needs Debian's ${DEBIAN_PACKAGES[command] ?? command}`);
  }
}

const DEBIAN_PACKAGES: Record<string, string> = {
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffmpeg',
  exiftool: 'libimage-exiftool-perl',
  tesseract: 'tesseract-ocr, tesseract-ocr-eng and tesseract-ocr-rus',
};

/** What the tool said when it was not found, under prlimit or not. */
export function notInstalled(command: string): Error {
  return new ToolNotInstalledError(command);
}

/**
 * Runs a media tool on hostile input: no shell; a minimal environment (not the caller's, which may hold the
 * passphrase); a wall-clock limit, and, where util-linux's prlimit is there, limits on its memory and CPU time
 * that the kernel enforces; killed at once when `signal` aborts. Its messages are kept for the reason a file
 * could not be read.
 */
export function runTool(command: string, args: string[], options: ToolOptions): Promise<ToolResult> {
  const most = options.maxOutputBytes ?? 4 * 1024 * 1024;
  const { file, argv, env } = limitedCommand(command, args, options);
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      resolve({ status: null, stdout: '', stderr: '', stderrTruncated: false, timedOut: false, aborted: true });
      return;
    }
    const stdin = options.input ? 'pipe' : 'ignore';
    const child = spawn(file, argv, { stdio: options.onFd3 ? [stdin, 'pipe', 'pipe', 'pipe'] : [stdin, 'pipe', 'pipe'], env });
    if (options.onFd3) (child.stdio[3] as Readable).on('data', options.onFd3);
    const out: Buffer[] = [];
    let outBytes = 0;
    let stderr = '';
    let stderrTruncated = false;
    let timedOut = false;
    let aborted = false;
    const timer = setTimeout(
      () => {
        timedOut = true;
        child.kill('SIGKILL');
      },
      Math.min(options.timeoutMs, 2 ** 31 - 1),
    );
    const abort = () => {
      aborted = true;
      child.kill('SIGKILL');
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    child.stdout!.on('data', (d: Buffer) => {
      if (options.onStdout) return options.onStdout(d);
      outBytes += d.length;
      if (outBytes > most) child.kill('SIGKILL');
      else out.push(d);
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += d.toString('utf8');
      else stderrTruncated = true;
    });
    const done = () => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', abort);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(error.code === 'ENOENT' ? notInstalled(command) : error);
    });
    child.on('close', (status) => {
      done();
      const missing = status === 127 && /No such file|not found/.test(stderr) && file === PRLIMIT;
      if (missing) reject(notInstalled(command));
      else resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr, stderrTruncated, timedOut, aborted });
    });
    if (options.input && child.stdin) {
      // A tool that has read enough closes its stdin early: that is not an error of ours.
      child.stdin.on('error', () => undefined);
      options.input.on('error', () => child.stdin!.destroy());
      options.input.pipe(child.stdin);
    }
  });
}
