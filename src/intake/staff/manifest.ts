import { openText } from '../sealed-text.js';

/** What the browser (or the form path) says a file is, sealed to the organisation. */
export interface FileManifest {
  name: string;
  size: number;
  type: string;
  lastModified: number | null;
  sha256: string;
}

export async function openManifest(identity: string, sealed: string): Promise<FileManifest> {
  const raw = JSON.parse(await openText(identity, sealed)) as Partial<FileManifest> & { v?: number };
  if (
    raw.v !== 1 ||
    typeof raw.name !== 'string' ||
    !Number.isSafeInteger(raw.size) ||
    (raw.size as number) < 0 ||
    typeof raw.sha256 !== 'string' ||
    !/^[0-9a-f]{64}$/.test(raw.sha256)
  ) {
    throw new Error('the file description is malformed');
  }
  return {
    name: raw.name.replace(/[\u0000-\u001f/\\]/g, '_').slice(0, 255) || 'unnamed',
    size: raw.size as number,
    type: typeof raw.type === 'string' ? raw.type.slice(0, 200) : '',
    lastModified: typeof raw.lastModified === 'number' && Number.isFinite(raw.lastModified) ? raw.lastModified : null,
    sha256: raw.sha256,
  };
}
