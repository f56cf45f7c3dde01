import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** strace is there and may attach to this process (a container without ptrace cannot). */
export function canTraceFileWrites(): boolean {
  return fs.existsSync('/usr/bin/strace');
}

/**
 * Every file this process (all its threads) and the processes it starts open for writing, from now until `stop()`:
 * strace attached to the running test process. Returns the paths, as the system calls named them.
 */
export async function watchFileWrites(): Promise<{ stop(): Promise<string[]> }> {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-strace-')), 'trace');
  const strace = spawn('strace', ['-f', '-qq', '-e', 'trace=open,openat,creat', '-e', 'signal=none', '-o', log, '-p', String(process.pid)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  strace.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Attached once strace has written its first line, or has had a moment to.
  for (let i = 0; i < 50 && !fs.existsSync(log); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  await new Promise((resolve) => setTimeout(resolve, 300));
  if (strace.exitCode !== null) throw new Error(`strace could not attach: ${stderr}`);
  return {
    async stop() {
      const exited = new Promise((resolve) => strace.once('exit', resolve));
      strace.kill('SIGINT');
      await exited;
      const lines = fs.readFileSync(log, 'utf8').split('\n');
      fs.rmSync(path.dirname(log), { recursive: true, force: true });
      const written: string[] = [];
      for (const line of lines) {
        const call = /(?:open|openat|creat)\((?:AT_FDCWD|\d+)?,?\s*"([^"]*)",\s*([A-Z_|]+)/.exec(line);
        if (!call || / = -1 /.test(line)) continue;
        if (line.includes('creat(') || /O_WRONLY|O_RDWR|O_CREAT/.test(call[2]!)) written.push(call[1]!);
      }
      return written;
    },
  };
}
