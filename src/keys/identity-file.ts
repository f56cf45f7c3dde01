import { parseIdentityFile } from '../crypto/index.js';

/**
 * The plaintext of `keys/identity.age`: the organisation's age identity and, on a comment line that the
 * `age` CLI skips, the custody signing key. Both sit under the passphrase, so nobody who can merely write
 * to the home can substitute either.
 */
const SIGNER_PREFIX = '# vigil-custody-signer: ';

export interface IdentityContents {
  identity: string;
  /** Null in homes created before the signer moved here (it was then in custody-signer.age). */
  custodySignerKey: string | null;
}

export function identityWithSigner(identityText: string, signerKey: string): string {
  if (!signerKey.startsWith('PRIVATE+KEY+') || /\s/.test(signerKey)) throw new Error('not a note signer key');
  const withoutOld = identityText
    .split('\n')
    .filter((line) => !line.startsWith(SIGNER_PREFIX))
    .join('\n');
  return `${withoutOld.replace(/\n*$/, '\n')}${SIGNER_PREFIX}${signerKey}\n`;
}

export function readIdentityContents(text: string, file: string): IdentityContents {
  const [identity] = parseIdentityFile(text);
  if (!identity) throw new Error(`${file} holds no AGE-SECRET-KEY-1 line`);
  const signerLines = text.split('\n').filter((line) => line.startsWith(SIGNER_PREFIX));
  if (signerLines.length > 1) throw new Error(`${file} holds more than one custody signing key`);
  const signer = signerLines[0]?.slice(SIGNER_PREFIX.length).trim() ?? null;
  return { identity, custodySignerKey: signer === '' ? null : signer };
}
