import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.js';

describe('notification e-mail settings', () => {
  it('sends no e-mail unless told where', () => {
    expect(loadConfig({ VIGIL_HOME: '/srv/vigil' }).mail).toBeNull();
  });

  it('reads the SMTP URL and the addresses to notify', () => {
    const mail = loadConfig({ VIGIL_SMTP_URL: 'smtps://duty:secret@mail.example.org:465', VIGIL_NOTIFY_TO: 'a@example.org, b@example.org' }).mail;
    expect(mail).toEqual({ smtpUrl: 'smtps://duty:secret@mail.example.org:465', from: 'vigil@mail.example.org', to: ['a@example.org', 'b@example.org'] });
    expect(loadConfig({ VIGIL_SMTP_URL: 'smtp://localhost:25', VIGIL_NOTIFY_TO: 'a@example.org', VIGIL_NOTIFY_FROM: 'alerts@example.org' }).mail?.from).toBe(
      'alerts@example.org',
    );
  });

  it('fails at start, saying what is wrong, and never echoes a password', () => {
    const fails = (env: NodeJS.ProcessEnv, message: RegExp) => expect(() => loadConfig(env)).toThrow(message);
    fails({ VIGIL_SMTP_URL: 'smtp://localhost' }, /VIGIL_NOTIFY_TO/);
    fails({ VIGIL_NOTIFY_TO: 'a@example.org' }, /VIGIL_SMTP_URL is not/);
    fails({ VIGIL_SMTP_URL: 'https://mail.example.org', VIGIL_NOTIFY_TO: 'a@example.org' }, /smtp:\/\/ or smtps:\/\//);
    fails({ VIGIL_SMTP_URL: 'smtp://localhost', VIGIL_NOTIFY_TO: 'a@example.org, not an address' }, /not one: "not an address"/);
    fails({ VIGIL_SMTP_URL: 'smtp://localhost', VIGIL_NOTIFY_TO: 'a@example.org', VIGIL_NOTIFY_FROM: 'nobody' }, /VIGIL_NOTIFY_FROM/);
    expect(() => loadConfig({ VIGIL_SMTP_URL: 'smtp://duty:hunter2@[bad', VIGIL_NOTIFY_TO: 'a@example.org' })).toThrow(ConfigError);
    expect(() => loadConfig({ VIGIL_SMTP_URL: 'smtp://duty:hunter2@[bad', VIGIL_NOTIFY_TO: 'a@example.org' })).not.toThrow(/hunter2/);
  });
});
