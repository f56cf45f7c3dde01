import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Measurement {
  label: string;
  seconds: number;
  peakRssMiB: number;
  cpuSeconds: number;
}

/** Runs a command under GNU time: wall seconds, peak RSS (the largest of the process and its children), CPU time. */
export function measure(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Measurement {
  const report = path.join(os.tmpdir(), `vigil-bench-time-${process.pid}.txt`);
  const run = spawnSync('/usr/bin/time', ['-o', report, '-f', '%e %M %U %S', command, ...args], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) throw new Error(`${label} failed (${run.status}): ${run.stderr.toString().slice(-2000)}`);
  const [wall, rssKiB, user, sys] = fs.readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  fs.rmSync(report, { force: true });
  return { label, seconds: wall!, peakRssMiB: rssKiB! / 1024, cpuSeconds: user! + sys! };
}

export function table(rows: Measurement[], baseline: Measurement, bytes: number): string {
  const lines = [`| run | seconds | MB/s | × ${baseline.label} | cores used | peak RSS |`, '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const r of rows) {
    lines.push(
      `| ${r.label} | ${r.seconds.toFixed(2)} | ${(bytes / 1e6 / r.seconds).toFixed(0)} | ${(r.seconds / baseline.seconds).toFixed(2)} | ${(r.cpuSeconds / r.seconds).toFixed(2)} | ${r.peakRssMiB.toFixed(0)} MiB |`,
    );
  }
  return lines.join('\n');
}
