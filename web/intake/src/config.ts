export type Lang = 'ru' | 'en';

/** What the server renders into `<script type="application/json" id="vigil-intake-config">`. */
export interface IntakeConfig {
  lang: Lang;
  codenameSalt: string;
  recipients: string[];
  csrfToken?: string;
  submissionId?: string;
  tusEndpoint: string;
  apiBase: string;
  chunkSize: number;
}

const DEFAULTS: IntakeConfig = {
  lang: 'en',
  codenameSalt: '',
  recipients: [],
  tusEndpoint: '/submit/files/',
  apiBase: '/submit/api',
  chunkSize: 8 * 1024 * 1024,
};

export function readConfig(doc: Document): IntakeConfig {
  const text = doc.getElementById('vigil-intake-config')?.textContent;
  const given = (text ? JSON.parse(text) : {}) as Partial<IntakeConfig>;
  const config = { ...DEFAULTS, ...given };
  if (config.lang !== 'ru') config.lang = 'en';
  if (!(config.chunkSize > 0)) config.chunkSize = DEFAULTS.chunkSize;
  return config;
}
