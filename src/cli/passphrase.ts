import fs from 'node:fs';
import type { VigilConfig } from '../config/index.js';

export class PassphraseUnavailableError extends Error {
  override name = 'PassphraseUnavailableError';
}

/** The passphrase from --passphrase-file, VIGIL_PASSPHRASE, or a hidden prompt on the terminal, in that order. */
export async function obtainPassphrase(config: VigilConfig, options: { passphraseFile?: string; confirm?: boolean }): Promise<string> {
  if (options.passphraseFile) {
    let text: string;
    try {
      text = fs.readFileSync(options.passphraseFile, 'utf8');
    } catch (error) {
      throw new PassphraseUnavailableError(`cannot read --passphrase-file ${options.passphraseFile}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
    return text.replace(/\r?\n$/, '');
  }
  if (config.passphraseFromEnv !== null) return config.passphraseFromEnv;
  if (!process.stdin.isTTY) {
    throw new PassphraseUnavailableError('a passphrase is needed: run in a terminal, set VIGIL_PASSPHRASE, or use --passphrase-file FILE');
  }
  const first = await promptHidden(options.confirm ? 'New passphrase: ' : 'Passphrase: ');
  if (options.confirm && (await promptHidden('Repeat the passphrase: ')) !== first) {
    throw new PassphraseUnavailableError('the two passphrases differ');
  }
  return first;
}

function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  let input = '';
  return new Promise((resolve, reject) => {
    const finish = (error: Error | null) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(input);
    };
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return finish(null);
        if (ch === '\u0003') return finish(new PassphraseUnavailableError('cancelled'));
        if (ch === '\u007f' || ch === '\b') input = input.slice(0, -1);
        else input += ch;
      }
    };
    stdin.on('data', onData);
  });
}

/** A secret other than the passphrase (a new account's password): from a file, an environment variable, or a hidden prompt. */
export async function obtainSecret(options: { file?: string; env: string; prompt: string; confirm?: boolean }): Promise<string> {
  if (options.file) {
    try {
      return fs.readFileSync(options.file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new PassphraseUnavailableError(`cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
    }
  }
  const fromEnv = process.env[options.env];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw new PassphraseUnavailableError(`a password is needed: run in a terminal, set ${options.env}, or give a file`);
  const first = await promptHidden(options.prompt);
  if (options.confirm && (await promptHidden('Repeat it: ')) !== first) throw new PassphraseUnavailableError('the two entries differ');
  return first;
}
