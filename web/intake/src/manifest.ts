import { Encrypter } from 'age-encryption';
import { base64 } from '@scure/base';

export interface Manifest {
  v: 1;
  name: string;
  size: number;
  type: string;
  lastModified: number;
  sha256: string;
}

/** The manifest as an age file to the organisation, base64: the intake cannot read the name or the hash. */
export async function sealManifest(manifest: Manifest, recipients: readonly string[]): Promise<string> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  const { v, name, size, type, lastModified, sha256 } = manifest;
  return base64.encode(await encrypter.encrypt(JSON.stringify({ v, name, size, type, lastModified, sha256 })));
}
