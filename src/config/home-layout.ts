import path from 'node:path';

/** Where each part of a Vigil home lives on disk. */
export interface HomeLayout {
  root: string;
  settingsFile: string;
  keysDir: string;
  /** The organisation's age identity, encrypted with the passphrase (scrypt). */
  identityFile: string;
  /** The organisation's public age recipients, one per line. */
  recipientsFile: string;
  /** Where homes created before the signer moved into the identity file kept it; read once, to move it. */
  custodySignerFile: string;
  /** The custody verifier key (public), for anyone checking checkpoints. */
  custodyVerifierFile: string;
  /** The secret that keys blob names, readable only by the Vigil user. */
  blobNameSecretFile: string;
  blobsDir: string;
}

export function homeLayout(root: string): HomeLayout {
  const keysDir = path.join(root, 'keys');
  return {
    root,
    settingsFile: path.join(root, 'vigil.json'),
    keysDir,
    identityFile: path.join(keysDir, 'identity.age'),
    recipientsFile: path.join(keysDir, 'recipients.txt'),
    custodySignerFile: path.join(keysDir, 'custody-signer.age'),
    custodyVerifierFile: path.join(keysDir, 'custody-verifier.txt'),
    blobNameSecretFile: path.join(keysDir, 'blob-names.key'),
    blobsDir: path.join(root, 'blobs'),
  };
}
