import { Decrypter, Encrypter } from 'age-encryption';

/** Small text (answers, a message, a manifest) as an age file to the given recipients, base64. */
export async function sealText(recipients: string[], text: string): Promise<string> {
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return Buffer.from(await encrypter.encrypt(text)).toString('base64');
}

export async function openText(identity: string, sealed: string): Promise<string> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return decrypter.decrypt(Buffer.from(sealed, 'base64'), 'text');
}
