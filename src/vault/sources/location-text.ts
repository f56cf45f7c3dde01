/**
 * Characters that a terminal acts on rather than prints (C0, DEL, C1), and the Unicode line separators and
 * bidirectional controls that reorder or break what is shown. A name from a hostile disk or archive that
 * carried them could erase or forge lines of the CLI's output, or make one file's name read as another's.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_OR_BACKSLASH = /[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeOne(c: string): string {
  const short = SHORT[c];
  if (short !== undefined) return short;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A path (on the disk or in an archive) as locations hold it: a backslash becomes `\\` and each control
 * character `\n`, `\xHH` or `\uHHHH`. Nothing else changes, so an ordinary path reads as itself, and two
 * different paths never give the same text.
 */
export function escapePath(path: string): string {
  CONTROL_OR_BACKSLASH.lastIndex = 0;
  return CONTROL_OR_BACKSLASH.test(path) ? path.replace(CONTROL_OR_BACKSLASH, escapeOne) : path;
}

/** Free text (a reason, an error message): control characters escaped, backslashes left as they are. */
export function printable(text: string): string {
  CONTROL.lastIndex = 0;
  return CONTROL.test(text) ? text.replace(CONTROL, escapeOne) : text;
}

/** Longest part of a name quoted in a problem; the rest is left out and counted. */
const QUOTED_CHARS = 256;

/** A name cut to a readable length for a problem: the start, then how much was left out. */
export function shortened(name: string, max = QUOTED_CHARS): string {
  if (name.length <= max) return name;
  return `${name.slice(0, max)}… (${name.length - max} more characters)`;
}

/** A raw name for a problem's reason: quoted, escaped like JSON (and the controls JSON lets through), cut short. */
export function quoted(name: string): string {
  return printable(JSON.stringify(shortened(name)));
}
