import { parseCosignerVerifierKey } from './cosigner-keys.js';
import { WitnessError } from './witness-errors.js';

/** A witness the log submits to: where and which key. Parsed from VIGIL_WITNESSES entries. */
export interface WitnessEndpoint {
  /** The submission prefix: add-checkpoint is POSTed to `${url}/add-checkpoint`. No trailing slash. */
  url: string;
  verifierKey: string;
  /** The witness's key name, as its cosignature lines carry it. */
  name: string;
}

const FORMAT = 'a witness is written "URL VERIFIER_KEY", e.g. "https://witness.example.org witness.example.org/w1+1a2b3c4d+BD…"';

/** Parses "URL VERIFIER_KEY" (the format of one VIGIL_WITNESSES entry); throws with a clear message. */
export function parseWitnessEndpoint(text: string): WitnessEndpoint {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) throw new WitnessError(`${FORMAT}; got ${JSON.stringify(text.trim().slice(0, 200))}`);
  const [address, verifierKey] = parts as [string, string];
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new WitnessError(`${FORMAT}; ${JSON.stringify(address)} is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new WitnessError(`a witness's URL must start with https:// or http:// (got ${JSON.stringify(address)})`);
  if (url.search !== '' || url.hash !== '')
    throw new WitnessError(`a witness's URL is its submission prefix, without a query or fragment (got ${JSON.stringify(address)})`);
  if (url.username !== '' || url.password !== '') throw new WitnessError(`a witness's URL must not hold a user name or password (got ${url.host})`);
  let key;
  try {
    key = parseCosignerVerifierKey(verifierKey);
  } catch (error) {
    throw new WitnessError(`the witness at ${address}: ${(error as Error).message}`);
  }
  return { url: url.href.replace(/\/+$/, ''), verifierKey, name: key.name };
}
