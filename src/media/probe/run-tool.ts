import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface ToolResult {
  status: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a media tool with a time limit and a cap on what it may print, feeding it `input` on stdin if given.
 * Nothing goes through a shell; the tool's own messages are kept for the reason a file could not be read.
 */
export function runTool(command: string, args: string[], options: { input?: Readable; timeoutMs: number; maxOutputBytes?: number }): Promise<ToolResult> {
  const most = options.maxOutputBytes ?? 4 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: [options.input ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      outBytes += d.length;
      if (outBytes > most) child.kill('SIGKILL');
      else out.push(d);
    });
    child.stderr!.on('data', (d: Buffer) => {
      if (err.reduce((n, b) => n + b.length, 0) < 64 * 1024) err.push(d);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(error.code === 'ENOENT' ? new Error(`${command} is not installed: media analysis needs Debian's ffmpeg and libimage-exiftool-perl`) : error);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), timedOut });
    });
    if (options.input && child.stdin) {
      // A tool that has read enough closes its stdin early: that is not an error of ours.
      child.stdin.on('error', () => undefined);
      options.input.on('error', () => child.stdin!.destroy());
      options.input.pipe(child.stdin);
    }
  });
}
