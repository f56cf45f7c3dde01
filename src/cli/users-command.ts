import type { Command } from 'commander';
import { ROLES } from '../accounts/index.js';
import type { Role } from '../db/index.js';
import { obtainSecret } from './passphrase.js';
import { openStaff } from '../app/index.js';
import { printJson, withVigil } from './session.js';

export function registerUsers(program: Command): void {
  const users = program.command('users').description('staff accounts of the web app and the API');

  users
    .command('add')
    .description('create an account; its owner sets up an authenticator app at first sign-in')
    .argument('<username>', 'lower-case letters, digits, dots, dashes or underscores')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--name <display name>', 'the name shown in the app')
    .option('--password-file <file>', 'read the password from a file instead of asking (or set VIGIL_NEW_PASSWORD)')
    .action(async (username: string, options: { role: string; name?: string; passwordFile?: string }) => {
      if (!ROLES.includes(options.role as Role)) throw new Error(`--role must be one of ${ROLES.join(', ')}`);
      const password = await obtainSecret({ file: options.passwordFile, env: 'VIGIL_NEW_PASSWORD', prompt: `Password for ${username}: `, confirm: true });
      await withVigil(async (vigil) => {
        const user = await (
          await openStaff(vigil)
        ).accounts.createUser({ username, displayName: options.name ?? username, role: options.role as Role, password });
        process.stdout.write(`Created ${user.username} (${user.role}), id ${user.id}. At the first sign-in they will set up an authenticator app.\n`);
      });
    });

  users
    .command('list')
    .description('list the accounts')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withVigil(async (vigil) => {
        const list = await (await openStaff(vigil)).accounts.listUsers();
        if (options.json) return printJson(list);
        for (const u of list)
          process.stdout.write(`${u.username.padEnd(24)} ${u.role.padEnd(13)} ${u.secondFactor ? '2FA' : 'no 2FA yet'}${u.disabled ? '  disabled' : ''}\n`);
      });
    });
}
