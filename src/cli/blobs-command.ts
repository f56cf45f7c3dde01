import path from 'node:path';
import type { Command } from 'commander';
import { BlobMigrationError, openBlobStore } from '../blobs/index.js';
import { describeBlobsTarget, parseBlobsUrl, type BlobsTarget } from '../config/index.js';
import { progressBar } from './progress.js';
import { interruptSignal, printJson, withVigil } from './session.js';
import { counted } from './counted.js';

export function registerBlobs(program: Command): void {
  const blobs = program.command('blobs').description('where the encrypted blobs live');
  blobs
    .command('migrate')
    .description(
      "copy every blob to another store (s3://bucket/prefix, `file` for the home's folder, or a folder), checking each copy's SHA-256 against the source; run it again to resume",
    )
    .requiredOption('--to <url>', 's3://bucket/prefix, file, file:///folder or a folder path')
    .option('--json', 'print JSON')
    .action(async (options: { to: string; json?: boolean }) => {
      await withVigil(async (vigil) => {
        const target = parseBlobsUrl(options.to, vigil.config.home, process.env, '--to');
        if (sameStore(target, vigil.config.blobs))
          throw new BlobMigrationError(`the blobs are already in ${describeBlobsTarget(target)} (VIGIL_BLOBS_URL names the store to move from)`);
        const destination = await openBlobStore(target);
        const bar = progressBar('migrate');
        const interrupt = interruptSignal();
        try {
          const report = await vigil.blobMove.copyTo(destination.store, describeBlobsTarget(target, { endpoint: true }), {
            signal: interrupt.signal,
            onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, { files: `${p.blobsDone}/${p.blobsTotal} blobs` }),
          });
          bar.stop();
          const to = describeBlobsTarget(target);
          if (options.json) printJson({ from: describeBlobsTarget(vigil.config.blobs), to, ...report });
          else {
            for (const f of report.failures) process.stdout.write(`FAIL ${f.name}: ${f.problem}\n`);
            process.stdout.write(
              `${counted(report.copied, 'blob')} copied and checked, ${report.alreadyThere} already in ${to} and checked, ${report.failures.length} failed${report.interrupted ? ' (interrupted: run the same command to resume)' : ''}\n`,
            );
            if (report.failures.length === 0 && !report.interrupted) {
              process.stdout.write(
                `set VIGIL_BLOBS_URL=${target.kind === 's3' ? to : `file://${encodeURI(target.dir)}`} to use it; the blobs in ${describeBlobsTarget(vigil.config.blobs)} are left in place\n`,
              );
            }
          }
          if (report.failures.length > 0) process.exitCode = 1;
          else if (report.interrupted) process.exitCode = 130;
        } finally {
          bar.stop();
          interrupt.dispose();
          destination.close();
        }
      });
    });
}

function sameStore(a: BlobsTarget, b: BlobsTarget): boolean {
  if (a.kind === 'fs' && b.kind === 'fs') return path.resolve(a.dir) === path.resolve(b.dir);
  if (a.kind === 's3' && b.kind === 's3') return a.bucket === b.bucket && a.prefix === b.prefix && a.endpoint === b.endpoint;
  return false;
}
