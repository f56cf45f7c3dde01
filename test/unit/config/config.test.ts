import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from '../../../src/config/config.js';

describe('loadConfig', () => {
  it('defaults to ./vigil-data with SQLite inside it', () => {
    const config = loadConfig({}, '/work');
    expect(config.home).toBe('/work/vigil-data');
    expect(config.database).toEqual({ kind: 'sqlite', file: '/work/vigil-data/vigil.db' });
    expect(config.tsaUrl).toBeNull();
    expect(config.custody.tsaCaFile).toBeNull();
    expect(config.scryptLogN).toBe(18);
    expect(config.passphraseFromEnv).toBeNull();
  });

  it('reads PostgreSQL, sqlite: paths, a TSA and the passphrase', () => {
    const config = loadConfig(
      { VIGIL_HOME: 'h', VIGIL_DATABASE_URL: 'postgres://u:p@db:5432/vigil', VIGIL_TSA_URL: 'http://127.0.0.1:3180/tsa', VIGIL_PASSPHRASE: ' spaced ' },
      '/srv',
    );
    expect(config.home).toBe('/srv/h');
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db:5432/vigil' });
    expect(config.tsaUrl?.href).toBe('http://127.0.0.1:3180/tsa');
    expect(loadConfig({ VIGIL_HOME: 'h', VIGIL_TSA_CA_FILE: ' tsa/ca.pem ' }, '/srv').custody.tsaCaFile).toBe('/srv/h/tsa/ca.pem');
    expect(loadConfig({ VIGIL_TSA_CA_FILE: '/etc/vigil/tsa-ca.pem' }, '/srv').custody.tsaCaFile).toBe('/etc/vigil/tsa-ca.pem');
    expect(config.passphraseFromEnv).toBe(' spaced ');
    expect(loadConfig({ VIGIL_DATABASE_URL: 'sqlite:records.db' }, '/x').database).toEqual({ kind: 'sqlite', file: '/x/vigil-data/records.db' });
  });

  it('fails fast with a message that says what to change', () => {
    expect(() => loadConfig({ VIGIL_DATABASE_URL: 'mysql://root:hunter2@db/v' })).toThrow(ConfigError);
    expect(() => loadConfig({ VIGIL_DATABASE_URL: 'mysql://root:hunter2@db/v' })).toThrow(/must start with postgres:\/\/ or sqlite:.*\/\/\*\*\*@db/);
    expect(() => loadConfig({ VIGIL_DATABASE_URL: 'sqlite:' })).toThrow(/needs a file path/);
    expect(() => loadConfig({ VIGIL_TSA_URL: 'ftp://tsa' })).toThrow(/http:\/\/ or https:\/\//);
    expect(() => loadConfig({ VIGIL_TSA_URL: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => loadConfig({ VIGIL_SCRYPT_LOG_N: '9' })).toThrow(/from 10 to 22/);
    expect(() => loadConfig({ VIGIL_SCRYPT_LOG_N: 'x' })).toThrow(/from 10 to 22/);
  });

  it('never repeats a database password', () => {
    expect(redactUrl('postgres://vigil:s3cret@db/x')).toBe('postgres://***@db/x');
    // Malformed ones too: an empty user, an @ inside the password.
    expect(redactUrl('smtps://:s3cret@mail.example:99999')).toBe('smtps://***@mail.example:99999');
    expect(redactUrl('smtp://user:p@ss@mail.example')).toBe('smtp://***@mail.example');
  });
});
