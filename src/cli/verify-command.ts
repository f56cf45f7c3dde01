import type { Command } from 'commander';
import { progressBar } from './progress.js';
import { interruptSignal, printJson, unlock, withVigil } from './session.js';
import type { ItemVerdict } from '../vault/index.js';
import { counted } from './counted.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('decrypt, rehash and prove the custody of items (all items when none is named); exits 1 if any fails')
    .argument('[ids...]', 'item ids, unique id prefixes, or SHA-256 hashes')
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .option('--json', 'print JSON')
    .action(async (ids: string[], options: { passphraseFile?: string; json?: boolean }) => {
      await withVigil(async (vigil) => {
        const keys = await unlock(vigil, options);
        const bar = progressBar('verify');
        const interrupt = interruptSignal();
        const failures: ItemVerdict[] = [];
        try {
          const report = await vigil.verify.verify(ids, {
            identity: keys.identity,
            custodySignerKey: keys.custodySignerKey,
            tsaUrl: vigil.config.tsaUrl,
            signal: interrupt.signal,
            onProgress: (p) => bar.update(p.bytesDone, p.bytesTotal, { files: `${p.itemsDone}/${p.itemsTotal} items` }),
            onVerdict: (v) => {
              if (!v.intact) failures.push(v);
            },
          });
          bar.stop();
          for (const warning of report.checkpointWarnings) process.stderr.write(`vigil: the new checkpoint is kept, but ${warning}\n`);
          if (options.json) printJson({ ...report, failures });
          else {
            for (const f of failures) process.stdout.write(`FAIL ${f.id} (${f.sha256}):\n${f.problems.map((p) => `  - ${p}\n`).join('')}`);
            process.stdout.write(
              `${counted(report.checked, 'item')} checked against checkpoint of size ${report.checkpointSize}: ${report.failed === 0 ? 'all intact' : `${report.failed} FAILED`}${report.interrupted ? ' (interrupted)' : ''}\n`,
            );
          }
          if (report.failed > 0) process.exitCode = 1;
          else if (report.interrupted) process.exitCode = 130;
        } finally {
          bar.stop();
          interrupt.dispose();
        }
      });
    });
}
