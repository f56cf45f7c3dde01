import { ConfigError, redactUrl } from './config.js';

/** Where notification e-mails go: the SMTP server and the staff addresses, both set or neither. */
export interface MailConfig {
  /** smtp:// or smtps:// URL, credentials included when the server needs them. */
  smtpUrl: string;
  from: string;
  to: string[];
}

const ADDRESS = /^[^\s@<>,;"]+@[^\s@<>,;"]+$/;

/**
 * `VIGIL_SMTP_URL` and `VIGIL_NOTIFY_TO` (addresses separated by commas), with `VIGIL_NOTIFY_FROM` optional:
 * null when neither is set (no e-mail is sent); a configuration error when only one is, or either is malformed.
 */
export function loadMailConfig(env: NodeJS.ProcessEnv): MailConfig | null {
  const url = env.VIGIL_SMTP_URL?.trim() || undefined;
  const to = env.VIGIL_NOTIFY_TO?.trim() || undefined;
  if (url === undefined && to === undefined) return null;
  if (url === undefined)
    throw new ConfigError('VIGIL_NOTIFY_TO is set but VIGIL_SMTP_URL is not: set both (smtp://host:587 or smtps://user:password@host:465) or neither');
  if (to === undefined) throw new ConfigError('VIGIL_SMTP_URL is set but VIGIL_NOTIFY_TO is not: name the addresses to notify, separated by commas');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`VIGIL_SMTP_URL is not a valid URL: ${redactUrl(url)}`);
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:')
    throw new ConfigError(`VIGIL_SMTP_URL must start with smtp:// or smtps:// (got ${parsed.protocol})`);
  if (parsed.hostname === '') throw new ConfigError('VIGIL_SMTP_URL names no host');
  const recipients = to
    .split(',')
    .map((a) => a.trim())
    .filter((a) => a !== '');
  const bad = recipients.filter((a) => !ADDRESS.test(a));
  if (recipients.length === 0 || bad.length > 0)
    throw new ConfigError(`VIGIL_NOTIFY_TO must be e-mail addresses separated by commas (not one: "${bad[0] ?? to}")`);
  const from = env.VIGIL_NOTIFY_FROM?.trim() || `vigil@${parsed.hostname}`;
  if (!ADDRESS.test(from)) throw new ConfigError(`VIGIL_NOTIFY_FROM must be one e-mail address (got "${from}")`);
  return { smtpUrl: url, from, to: recipients };
}
