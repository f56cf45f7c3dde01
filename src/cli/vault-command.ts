import type { Command } from 'commander';
import { printJson, unlock, withVigil } from './session.js';

export function registerVault(program: Command): void {
  const vault = program.command('vault').description('read items in the vault');
  vault
    .command('cat')
    .description("write an item's plaintext to stdout (a decryption: it is written to the custody log)")
    .argument('<id>', 'item id, unique id prefix, or SHA-256')
    .option('--passphrase-file <file>', 'read the passphrase from a file')
    .action(async (id: string, options: { passphraseFile?: string }) => {
      await withVigil(async (vigil) => {
        const keys = await unlock(vigil, options);
        await vigil.vault.cat(id, keys.identity, process.stdout);
      });
    });
  vault
    .command('locate')
    .description("print the path of an item's encrypted blob")
    .argument('<id>', 'item id, unique id prefix, or SHA-256')
    .action(async (id: string) => {
      await withVigil(async (vigil) => process.stdout.write(`${await vigil.vault.locate(id)}\n`));
    });
  vault
    .command('show')
    .description('print what the vault records about an item: hash, size, type, every place it was found')
    .argument('<id>', 'item id, unique id prefix, or SHA-256')
    .option('--json', 'print JSON')
    .action(async (id: string, options: { json?: boolean }) => {
      await withVigil(async (vigil) => {
        const { item, sources, blobPath } = await vigil.vault.describe(id);
        if (options.json) return printJson({ ...item, blobPath, sources });
        process.stdout.write(`${item.id}\n  sha256 ${item.sha256}\n  size   ${item.size}\n  type   ${item.media_type}\n  blob   ${blobPath}\n  found at:\n`);
        for (const s of sources) process.stdout.write(`    ${s.location}${s.mtime ? `  (modified ${s.mtime})` : ''}\n`);
      });
    });
  vault
    .command('list')
    .description('list items (id, size, type, SHA-256); derived views (posters, proxies, cleaned copies: `vigil media show` names them) only with --derived')
    .option('--derived', 'also list the items found only as derived views of other items')
    .option('--json', 'print JSON lines')
    .action(async (options: { json?: boolean; derived?: boolean }) => {
      await withVigil(async (vigil) => {
        let after: string | null = null;
        for (;;) {
          const page = await vigil.vault.list(after, 1000, { derived: options.derived ?? false });
          if (page.length === 0) break;
          for (const item of page) {
            process.stdout.write(
              options.json ? `${JSON.stringify(item)}\n` : `${item.id}  ${String(item.size).padStart(12)}  ${item.media_type.padEnd(28)}  ${item.sha256}\n`,
            );
          }
          after = page[page.length - 1]!.id;
        }
      });
    });
}
