import type { IntakePageConfig, Lang } from '../../../src/intake/index.js';

export type { Lang };

const DEFAULTS: IntakePageConfig = {
  lang: 'en',
  codenameSalt: '',
  recipients: [],
  tusEndpoint: '/submit/files/',
  apiBase: '/submit/api',
  chunkSize: 8 * 1024 * 1024,
};

export function readConfig(doc: Document): IntakePageConfig {
  const text = doc.getElementById('vigil-intake-config')?.textContent;
  const given = (text ? JSON.parse(text) : {}) as Partial<IntakePageConfig>;
  const config = { ...DEFAULTS, ...given };
  if (config.lang !== 'ru') config.lang = 'en';
  if (!(config.chunkSize > 0)) config.chunkSize = DEFAULTS.chunkSize;
  return config;
}
