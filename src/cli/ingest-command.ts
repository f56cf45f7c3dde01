import { Option, type Command } from 'commander';
import { DEFAULT_ARCHIVE_LIMITS } from '../vault/index.js';
import type { IngestedItem } from '../vault/index.js';
import type { SourceProblem } from '../vault/index.js';
import { printable } from '../vault/index.js';
import { formatBytes, progressBar } from './progress.js';
import { interruptSignal, withVigil } from './session.js';
import { describeError } from './describe-error.js';
import type { Vigil } from '../app/index.js';
import { byteSize, positiveInteger, positiveNumber } from './parse-options.js';
import { counted } from './counted.js';

interface IngestCliOptions {
  json?: boolean;
  expand: boolean;
  maxRatio: number;
  maxArchiveBytes: number;
  maxArchiveEntries: number;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('take files, folders and zip / tar / tar.gz archives into the vault (resumable: run again after an interruption)')
    .argument('<paths...>', 'files, folders or archives')
    .option('--json', 'print a JSON summary on stdout (items as they are stored)')
    .option('--no-expand', 'store archives as they are, without also taking in their entries')
    .addOption(
      new Option('--max-ratio <n>', 'refuse archives (and single entries) that expand more than n:1, once past 16 MiB')
        .argParser(positiveNumber)
        .default(DEFAULT_ARCHIVE_LIMITS.maxRatio),
    )
    .addOption(
      new Option('--max-archive-bytes <size>', 'refuse archives that expand by more than this beyond their own size, e.g. 200GiB')
        .argParser(byteSize)
        .default(DEFAULT_ARCHIVE_LIMITS.maxTotalBytes, '64GiB'),
    )
    .addOption(
      new Option('--max-archive-entries <n>', 'refuse archives with more than n entries').argParser(positiveInteger).default(DEFAULT_ARCHIVE_LIMITS.maxEntries),
    )
    .action(async (paths: string[], options: IngestCliOptions) => {
      await withVigil(async (vigil) => {
        const bar = options.json ? progressBar('') : progressBar('ingest');
        const interrupt = interruptSignal();
        const json = options.json ? jsonWriter() : null;
        // Kept for the JSON summary only; each is short (names in problems are cut to 256 characters).
        const problems: SourceProblem[] = [];
        try {
          const summary = await vigil.ingest.ingest(paths, {
            expandArchives: options.expand,
            limits: { ...DEFAULT_ARCHIVE_LIMITS, maxRatio: options.maxRatio, maxTotalBytes: options.maxArchiveBytes, maxEntries: options.maxArchiveEntries },
            signal: interrupt.signal,
            onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, { files: `${p.filesDone}/${p.filesTotal} files` }),
            onItem: (item) => json?.item(item),
            onProblem: (problem) => {
              if (json) problems.push(problem);
              // Locations and reasons come escaped from the walk; printable() again costs nothing and guards the terminal.
              else process.stderr.write(`\n${PROBLEM_LABELS[problem.kind]} ${printable(problem.location)}: ${printable(problem.reason)}\n`);
            },
          });
          bar.stop();
          const analysis = summary.itemsNew > 0 ? await queueMediaAnalysis(vigil) : null;
          if (json) {
            json.end(
              {
                batch: summary.batchId,
                status: summary.status,
                new: summary.itemsNew,
                duplicates: summary.itemsDuplicate,
                resumed: summary.itemsResumed,
                bytes: summary.bytes,
              },
              problems,
            );
          } else {
            process.stdout.write(
              `${summary.status === 'interrupted' ? 'Interrupted after' : summary.problems > 0 ? 'Finished with problems' : 'Ingested'}: ${summary.itemsNew} new, ${summary.itemsDuplicate} duplicate, ${summary.itemsResumed} already stored; ${formatBytes(summary.bytes)}; ${counted(summary.problems, 'problem')}. Batch ${summary.batchId}.\n`,
            );
            if (summary.status === 'interrupted') process.stdout.write('Run the same command again to resume.\n');
            if (analysis) process.stdout.write(`${analysis}\n`);
          }
          if (summary.status === 'interrupted') process.exitCode = 130;
          else if (summary.problems > 0) process.exitCode = 3;
        } finally {
          bar.stop();
          interrupt.dispose();
        }
      });
    });
}

/** Queues the analysis of the new media items; a queue that cannot be reached costs the ingest nothing. */
async function queueMediaAnalysis(vigil: Vigil): Promise<string> {
  try {
    // Loaded here, after the ingest: they are not needed to start one, and cost it startup time.
    const [{ openJobs }, { mediaSweepJob }] = await Promise.all([import('../app/index.js'), import('../media/index.js')]);
    const queue = await openJobs(vigil, { schedules: false });
    try {
      await queue.send(mediaSweepJob, {});
    } finally {
      await queue.close();
    }
    return 'Media analysis is queued: `vigil worker` or `vigil serve` runs it; `vigil jobs` shows it.';
  } catch (error) {
    return `Media analysis could not be queued (${describeError(error)}): run \`vigil media analyse\` later.`;
  }
}

const PROBLEM_LABELS: Record<SourceProblem['kind'], string> = {
  unreadable: 'unreadable',
  refused: 'refused',
  'broken-archive': 'damaged',
  skipped: 'skipped',
  changed: 'changed',
};

/** Streams `{"items":[…],"problems":[…],"summary":{…}}` so that memory stays flat for any number of items. */
function jsonWriter() {
  let first = true;
  process.stdout.write('{"items":[');
  return {
    item(item: IngestedItem) {
      process.stdout.write(`${first ? '\n' : ',\n'}${JSON.stringify(item)}`);
      first = false;
    },
    end(summary: object, problems: SourceProblem[]) {
      process.stdout.write(`\n],\n"problems":${JSON.stringify(problems)},\n"summary":${JSON.stringify(summary)}}\n`);
    },
  };
}
