import { bech32 } from '@scure/base';
import { ageLibrary } from './age-library.js';

const X25519_KEY_BYTES = 32;

/** Decodes a bech32 key string, returning null instead of throwing when it is malformed. */
function decodeBech32(s: string): { prefix: string; bytes: Uint8Array } | null {
  try {
    const { prefix, words } = bech32.decode(s);
    return { prefix, bytes: bech32.fromWords(words) };
  } catch {
    return null;
  }
}

function recipientProblem(s: string): string | null {
  if (s.startsWith('age1pq1') || s.startsWith('age1tag')) {
    return "post-quantum and tag recipients are not supported (Debian's age 1.1.1 cannot decrypt them)";
  }
  if (!s.startsWith('age1')) return 'an age recipient must start with "age1"';
  const decoded = decodeBech32(s);
  if (decoded === null) return 'not valid bech32 (typo or truncated?)';
  if (decoded.prefix !== 'age') return `unsupported recipient type "${decoded.prefix}1…" (only X25519 "age1…" keys)`;
  if (decoded.bytes.length !== X25519_KEY_BYTES) return 'wrong key length for an X25519 recipient';
  return null;
}

/** Throws unless `s` is an X25519 age recipient ("age1…"). */
export function assertRecipient(s: string): void {
  const problem = recipientProblem(s);
  if (problem !== null) throw new Error(`invalid age recipient "${s}": ${problem}`);
}

function isX25519Identity(s: string): boolean {
  if (!s.startsWith('AGE-SECRET-KEY-1')) return false;
  const decoded = decodeBech32(s);
  return decoded !== null && decoded.prefix === 'age-secret-key-' && decoded.bytes.length === X25519_KEY_BYTES;
}

/** X25519 only: Debian's age 1.1.1 does not know post-quantum keys. */
export async function generateOrgIdentity(): Promise<{ identity: string; recipient: string }> {
  const { generateX25519Identity, identityToRecipient } = await ageLibrary();
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** Lines that carry content: CRLF tolerated, surrounding spaces trimmed, blank and `#` lines skipped. */
function contentLines(text: string): { lineNumber: number; line: string }[] {
  return text
    .split('\n')
    .map((raw, i) => ({ lineNumber: i + 1, line: raw.trim() }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'));
}

/** Parses an age recipients file (one "age1…" per line, `#` comments, blank lines). */
export function parseRecipientsFile(text: string): string[] {
  const lines = contentLines(text);
  if (lines.length === 0) throw new Error('recipients file contains no recipients');
  return lines.map(({ lineNumber, line }) => {
    const problem = recipientProblem(line);
    if (problem !== null) throw new Error(`recipients file line ${lineNumber}: ${problem}`);
    return line;
  });
}

/** The identity file layout that age-keygen writes. */
export function identityFileText(identity: string, recipient: string, createdIso: string): string {
  if (!isX25519Identity(identity)) throw new Error('not an X25519 age identity (AGE-SECRET-KEY-1…)');
  assertRecipient(recipient);
  return `# created: ${createdIso}\n# public key: ${recipient}\n${identity}\n`;
}

/** Returns the AGE-SECRET-KEY-1 keys of an identity file; throws on any other content line. */
export function parseIdentityFile(text: string): string[] {
  const lines = contentLines(text);
  if (lines.length === 0) throw new Error('identity file contains no keys');
  return lines.map(({ lineNumber, line }) => {
    // The line itself is never quoted in errors: it may be a secret key.
    if (!isX25519Identity(line)) throw new Error(`identity file line ${lineNumber}: not an X25519 age identity`);
    return line;
  });
}
