// A witness's folder (VIGIL_WITNESS_HOME): its public settings, its signing key under a passphrase,
// and one state file per log it witnesses. Folders 0700, files 0600.

import fs from 'node:fs';
import path from 'node:path';
import { decryptWithPassphrase, encryptWithPassphrase } from '../crypto/index.js';
import { generateWitnessKeys, witnessVerifierKeyOf } from './cosigner-keys.js';
import { syncFolder, writeFileDurably } from './durable-file.js';
import { WitnessError } from './witness-errors.js';

export const MIN_WITNESS_PASSPHRASE_LENGTH = 10;

export interface WitnessLayout {
  root: string;
  /** witness.json: the witness's name and verifier key (public). */
  settingsFile: string;
  /** The signer key, in an age file encrypted with the passphrase (scrypt). */
  signerFile: string;
  /** One state file per trusted log, named by the SHA-256 of its origin. */
  logsDir: string;
  /** Checkpoints a trusted log signed that contradict what the witness cosigned: proof of a fork. */
  forksDir: string;
  /** Held while `vigil witness serve` runs, so that one folder has one server. */
  lockFile: string;
}

export interface WitnessSettings {
  format: 1;
  name: string;
  verifierKey: string;
  createdOn: string;
}

export function witnessLayout(root: string): WitnessLayout {
  return {
    root,
    settingsFile: path.join(root, 'witness.json'),
    signerFile: path.join(root, 'witness-key.age'),
    logsDir: path.join(root, 'logs'),
    forksDir: path.join(root, 'forks'),
    lockFile: path.join(root, 'serve.lock'),
  };
}

/** Creates a witness in an empty (or absent) folder; returns its verifier key, the one to give to logs. */
export async function initWitness(layout: WitnessLayout, options: { name: string; passphrase: string; scryptLogN: number }): Promise<WitnessSettings> {
  if (options.passphrase.length < MIN_WITNESS_PASSPHRASE_LENGTH) {
    throw new WitnessError(`the passphrase must be at least ${MIN_WITNESS_PASSPHRASE_LENGTH} characters long (4 or more random words are better)`);
  }
  const { signerKey, verifierKey } = generateWitnessKeys(options.name);
  if (fs.existsSync(layout.root) && fs.readdirSync(layout.root).length > 0) {
    throw new WitnessError(
      `${layout.root} already exists and is not empty: a witness's key and memory are never overwritten (set VIGIL_WITNESS_HOME to another folder)`,
    );
  }
  fs.mkdirSync(layout.root, { recursive: true, mode: 0o700 });
  fs.chmodSync(layout.root, 0o700);
  for (const dir of [layout.logsDir, layout.forksDir]) fs.mkdirSync(dir, { mode: 0o700 });
  const sealed = await encryptWithPassphrase(Buffer.from(`${signerKey}\n`, 'utf8'), options.passphrase, options.scryptLogN);
  await writeFileDurably(layout.signerFile, sealed, { exclusive: true });
  const settings: WitnessSettings = { format: 1, name: options.name, verifierKey, createdOn: new Date().toISOString().slice(0, 10) };
  await writeFileDurably(layout.settingsFile, `${JSON.stringify(settings, null, 2)}\n`, { exclusive: true });
  await syncFolder(path.dirname(layout.root));
  return settings;
}

export function readWitnessSettings(layout: WitnessLayout): WitnessSettings {
  let text: string;
  try {
    text = fs.readFileSync(layout.settingsFile, 'utf8');
  } catch {
    throw new WitnessError(`no witness at ${layout.root}: run \`vigil witness init --name NAME\` first, or set VIGIL_WITNESS_HOME to a witness's folder`);
  }
  let parsed: Partial<WitnessSettings>;
  try {
    parsed = JSON.parse(text) as Partial<WitnessSettings>;
  } catch {
    throw new WitnessError(`${layout.settingsFile} is not valid JSON`);
  }
  if (parsed.format !== 1 || typeof parsed.name !== 'string' || typeof parsed.verifierKey !== 'string') {
    throw new WitnessError(`${layout.settingsFile} is not a witness's settings file (format 1)`);
  }
  return parsed as WitnessSettings;
}

/**
 * The witness's signer key, opened with the passphrase. A key whose public half is not the verifier key
 * the witness published is refused: someone replaced the key file.
 */
export async function unlockWitnessKey(layout: WitnessLayout, passphrase: string): Promise<string> {
  const settings = readWitnessSettings(layout);
  let sealed: Buffer;
  try {
    sealed = fs.readFileSync(layout.signerFile);
  } catch (error) {
    throw new WitnessError(`cannot read the witness's key ${layout.signerFile}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  const signerKey = Buffer.from(await decryptWithPassphrase(sealed, passphrase))
    .toString('utf8')
    .trim();
  if (witnessVerifierKeyOf(signerKey) !== settings.verifierKey) {
    throw new WitnessError(
      `the key in ${layout.signerFile} is not the witness's published key ${settings.verifierKey}: the file was replaced; restore it from a backup`,
    );
  }
  return signerKey;
}

/** Ensures only one server runs on a folder (its state files are compared and replaced without a cross-process lock). */
export function holdServeLock(layout: WitnessLayout): () => void {
  const take = () => fs.writeFileSync(layout.lockFile, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
  try {
    take();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const pid = Number(fs.readFileSync(layout.lockFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && isRunning(pid)) {
      throw new WitnessError(`another witness server (process ${pid}) is serving ${layout.root}: stop it first`);
    }
    // Left behind by a server that is gone.
    fs.rmSync(layout.lockFile, { force: true });
    take();
  }
  return () => fs.rmSync(layout.lockFile, { force: true });
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
