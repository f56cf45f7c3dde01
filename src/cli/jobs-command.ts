import type { Command } from 'commander';
import { openJobs } from '../app/index.js';
import { VIGIL_JOB_KINDS } from '../app/index.js';
import { retryParked, type JobView } from '../jobs/index.js';
import { printJson, withVigil } from './session.js';

export function registerJobs(program: Command): void {
  const jobs = program
    .command('jobs')
    .description('the job queue: queues, their jobs by state, parked jobs (failed on every attempt)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withVigil(async (vigil) => {
        const queue = await openJobs(vigil, { schedules: false });
        try {
          const listing = await queue.list(VIGIL_JOB_KINDS.map((k) => k.name));
          if (options.json) return printJson({ engine: queue.engine, ...listing });
          const width = Math.max(...listing.queues.map((q) => q.name.length), 5);
          process.stdout.write(`${'queue'.padEnd(width)}  queued  active  parked  done   (${queue.engine === 'pg-boss' ? 'pg-boss' : 'embedded queue'})\n`);
          for (const q of listing.queues)
            process.stdout.write(`${q.name.padEnd(width)}  ${pad(q.queued, 6)}  ${pad(q.active, 6)}  ${pad(q.parked, 6)}  ${pad(q.done, 4)}\n`);
          if (listing.parked.length > 0) process.stdout.write(`\nparked (vigil jobs retry ID runs one again):\n${listing.parked.map(parkedLine).join('')}`);
        } finally {
          await queue.close();
        }
      });
    });
  jobs
    .command('retry <id>')
    .description('queue a parked job again, with a fresh count of attempts: its id, or a unique prefix of it')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await withVigil(async (vigil) => {
        const queue = await openJobs(vigil, { schedules: false });
        try {
          const job = await retryParked(
            queue,
            VIGIL_JOB_KINDS.map((k) => k.name),
            id,
          );
          if (options.json) printJson(job);
          else process.stdout.write(`job ${job.id} (${job.name}) is queued again\n`);
        } finally {
          await queue.close();
        }
      });
    });
}

function pad(n: number, width: number): string {
  return String(n).padStart(width);
}

function parkedLine(job: JobView): string {
  return `  ${job.id}  ${job.name}  after ${job.attempts} attempts: ${job.lastError ?? 'no error recorded'}\n`;
}
