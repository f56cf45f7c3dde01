// The config module's contract: everything other modules may use of it.
export { describeBlobsTarget, parseBlobsUrl, type BlobsTarget, type S3BlobsTarget } from './blobs-config.js';
export { ConfigError, loadConfig, type DatabaseTarget, type VigilConfig } from './config.js';
export { homeLayout, type HomeLayout } from './home-layout.js';
export { readSettings, type HomeSettings } from './home-settings.js';
export { type IntakeConfig } from './intake-config.js';
export { loadMailConfig, type MailConfig } from './mail-config.js';
