import type { Command } from 'commander';
import { totpUri } from '../accounts/index.js';
import { DEMO_PASSPHRASE, runDemo } from '../app/index.js';
import { loadConfig } from '../config/index.js';
import { serve } from './serve-command.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('create a demo organisation in VIGIL_HOME (default ./vigil-data): fictional evidence, case records and a demo login')
    .option('--serve', 'then start the staff API, as `vigil serve` does')
    .option('--port <port>', 'TCP port for --serve', '8080')
    .option('--host <address>', 'address for --serve', '127.0.0.1')
    .action(async (options: { serve?: boolean; port: string; host: string }) => {
      const result = await runDemo(loadConfig());
      const env = result.home === `${process.cwd()}/vigil-data` ? '' : `VIGIL_HOME=${result.home} `;
      const login = result.login
        ? `\nDemo sign-in (fictional organisation, never for real evidence):\n` +
          `  username ${result.login.username}\n  password ${result.login.password}\n` +
          `  authenticator secret ${result.login.totpSecret}\n  (add it to an authenticator app, or open ${totpUri(result.login.totpSecret, result.login.username, 'Vigil demo')})\n`
        : '';
      process.stdout.write(
        (result.created
          ? `Created a demo organisation in ${result.home}: ${result.items} vault items, custody log checkpointed at size ${result.checkpointSize}.\nDemo passphrase: ${result.passphrase}\n`
          : `The home in ${result.home} already exists (${result.items} vault items); its demo sign-in was printed when it was created.\n`) +
          login +
          `\nTry:\n` +
          `  ${env}npx vigil vault list\n` +
          `  ${env}npx vigil verify\n` +
          `  ${env}npx vigil custody prove ITEM_ID --json > proof.json && npx vigil custody check-proof proof.json\n` +
          `  ${env}npx vigil serve   # the staff API, with its documentation at /api/docs\n`,
      );
      if (options.serve) await serve({ port: options.port, host: options.host }, '\n', result.passphrase ?? loadConfig().passphraseFromEnv ?? DEMO_PASSPHRASE);
    });
}
