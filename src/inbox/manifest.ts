import { openText } from '../intake/index.js';

/** What the browser (or the form path) says a file is, sealed to the organisation. */
export interface FileManifest {
  name: string;
  size: number;
  type: string;
  lastModified: number | null;
  sha256: string;
}

/** A manifest as checked: what can be used, and what was left out of it and why. */
export interface CheckedManifest {
  manifest: FileManifest;
  /** Optional fields that were unusable and left out; the file is imported without them. */
  notes: string[];
}

/** A manifest the file cannot be imported by: the name, size or SHA-256 it must be checked against is unusable. */
export class ManifestError extends Error {
  override name = 'ManifestError';
}

/** The latest modification time a file can claim: the end of the year 9999 (a browser sends milliseconds since 1970). */
const LATEST_MTIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * Opens and checks one file's manifest. The intake cannot read it (it is sealed to the organisation), so it is
 * checked here, the first time staff open it, file by file: a bad one spoils its own file, never the others.
 */
export async function openManifest(identity: string, sealed: string): Promise<CheckedManifest> {
  const text = await openText(identity, sealed);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ManifestError('its description is unusable: it is not JSON');
  }
  return checkManifest(raw);
}

export function checkManifest(raw: unknown): CheckedManifest {
  const m = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const unusable = (why: string) => new ManifestError(`its description is unusable: ${why}`);
  if (m.v !== 1) throw unusable(`its version is ${shown(m.v)}, not 1`);
  if (typeof m.name !== 'string') throw unusable('its name is not text');
  if (typeof m.size !== 'number' || !Number.isSafeInteger(m.size) || m.size < 0) throw unusable(`its size ${shown(m.size)} is not a whole number of bytes`);
  if (typeof m.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(m.sha256)) throw unusable(`its sha256 ${shown(m.sha256)} is not 64 hexadecimal digits`);
  const notes: string[] = [];
  let type = '';
  if (typeof m.type === 'string') type = m.type.slice(0, 200);
  else if (m.type !== undefined && m.type !== null) notes.push(`its media type is not text (${shown(m.type)}); the file was imported without it`);
  let lastModified: number | null = null;
  if (typeof m.lastModified === 'number' && Number.isSafeInteger(m.lastModified) && m.lastModified >= 0 && m.lastModified <= LATEST_MTIME)
    lastModified = m.lastModified;
  else if (m.lastModified !== undefined && m.lastModified !== null)
    notes.push(`its modification time ${shown(m.lastModified)} is not a date; the file was imported without it`);
  return {
    manifest: { name: m.name.replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255) || 'unnamed', size: m.size, type, lastModified, sha256: m.sha256 },
    notes,
  };
}

/** A value as a person reads it in a report, cut short. */
function shown(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
