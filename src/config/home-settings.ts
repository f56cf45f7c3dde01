import fs from 'node:fs';

/** vigil.json: what a home is, written once by `vigil init`. */
export interface HomeSettings {
  format: 1;
  organisation: string;
  /** The custody log's origin line, also the name of its signing key. */
  custodyOrigin: string;
  createdOn: string;
}

export class HomeMissingError extends Error {
  override name = 'HomeMissingError';
}

export function readSettings(file: string, home: string): HomeSettings {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new HomeMissingError(`no Vigil home at ${home}: run \`vigil init\` first, or set VIGIL_HOME to an existing home`);
  }
  let parsed: Partial<HomeSettings>;
  try {
    parsed = JSON.parse(text) as Partial<HomeSettings>;
  } catch {
    throw new Error(`${file} is not valid JSON`);
  }
  if (parsed.format !== 1 || typeof parsed.organisation !== 'string' || typeof parsed.custodyOrigin !== 'string') {
    throw new Error(`${file} is not a Vigil settings file (format 1)`);
  }
  return parsed as HomeSettings;
}
