import type { Command } from 'commander';
import { printJson, unlock, withVigil } from './session.js';
import { counted } from './counted.js';

export function registerExport(program: Command): void {
  program
    .command('export')
    .description('write an evidence package (originals, manifest, SHA256SUMS, proofs, signed checkpoint, README)')
    .argument('<ids...>', 'item ids, unique id prefixes, or SHA-256 hashes')
    .requiredOption('--out <dir>', 'the package folder to create (must not exist or be empty)')
    .option('--to <recipient>', 're-encrypt the originals to this age recipient (age1…) instead of writing plaintext')
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .option('--json', 'print JSON')
    .action(async (ids: string[], options: { out: string; to?: string; passphraseFile?: string; json?: boolean }) => {
      await withVigil(async (vigil) => {
        const keys = await unlock(vigil, options);
        const result = await vigil.export.export(ids, {
          outDir: options.out,
          to: options.to ?? null,
          identity: keys.identity,
          custodySignerKey: keys.custodySignerKey,
          tsaUrl: vigil.config.tsaUrl,
          organisation: vigil.settings.organisation,
        });
        for (const warning of result.checkpointWarnings) process.stderr.write(`vigil: the package's checkpoint is kept, but ${warning}\n`);
        if (options.json) return printJson(result);
        process.stdout.write(`Wrote ${counted(result.items, 'item')} to ${result.outDir} (package ${result.packageId}); see its README.txt.\n`);
      });
    });
}
