import crypto from 'node:crypto';
import { xchacha20poly1305 } from '@noble/ciphers/chacha.js';
import { createAgeHeader, PayloadEncryptor } from '../src/crypto/age.js';
import { normaliseCodename } from '../src/crypto/codename.js';
import { CODENAME_SCRYPT } from '../src/crypto/codename-keys.js';
import { sealText } from '../src/intake/sealed-text.js';

/** Headers every test request carries, so that a privacy test can look for them afterwards. */
export const PROBE_HEADERS = { 'user-agent': 'VigilPrivacyProbe/1.0 (test)', referer: 'http://referrer.invalid/probe-page' };

/** A source, as a browser with cookies would be: only what the pages and the API offer. */
export class SourceClient {
  private cookies = new Map<string, string>();
  csrf = '';
  config: { codenameSalt: string; recipients: string[] } | null = null;

  constructor(readonly base: string) {}

  async call(method: string, url: string, options: { body?: RequestInit['body']; headers?: Record<string, string> } = {}): Promise<Response> {
    const response = await fetch(`${this.base}${url}`, {
      method,
      redirect: 'manual',
      headers: { ...PROBE_HEADERS, cookie: this.cookieHeader(), ...options.headers },
      body: options.body,
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (value.join('') === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value.join('='));
    }
    return response;
  }

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  hasCookies(): boolean {
    return this.cookies.size > 0;
  }

  async newCodename(): Promise<string> {
    const page = await (await this.call('POST', '/submit/codename?lang=en')).text();
    this.readConfig(page);
    return /id="codename"[^>]*>([^<]+)</.exec(page)![1]!;
  }

  /** Opens the sign-in page (its form token goes with a cookie it sets), then signs in as the form would. */
  async signIn(codename: string): Promise<Response> {
    const page = await (await this.call('GET', '/submit/login?lang=en')).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
    const response = await this.call('POST', '/submit/login?lang=en', {
      body: new URLSearchParams({ codename, csrf }),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    if (response.status === 303) await this.readCsrf();
    return response;
  }

  async readCsrf(): Promise<void> {
    const home = await (await this.call('GET', '/submit/home?lang=en')).text();
    this.csrf = /name="csrf" value="([^"]+)"/.exec(home)![1]!;
  }

  async newSubmission(answers: Record<string, string>): Promise<string> {
    if (!this.csrf) await this.readCsrf();
    const form = new URLSearchParams({ csrf: this.csrf });
    for (const [k, v] of Object.entries(answers)) form.set(`q-${k}`, v);
    const response = await this.call('POST', '/submit/submissions?lang=en', { body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    if (response.status !== 303) throw new Error(`submission refused: ${response.status} ${await response.text()}`);
    const id = /submissions\/([^?]+)/.exec(response.headers.get('location')!)![1]!;
    this.readConfig(await (await this.call('GET', `/submit/submissions/${id}?lang=en`)).text());
    return id;
  }

  private readConfig(page: string): void {
    const block = /id="vigil-intake-config">([^<]+)</.exec(page);
    if (block) this.config = JSON.parse(block[1]!);
  }
}

/** The browser's key derivation (docs/intake.md), done with node:crypto. */
export function wrapKeyOf(codename: string, salt: string): Buffer {
  const master = crypto.scryptSync(normaliseCodename(codename), `vigil/intake/codename/v1:${salt}`, 32, CODENAME_SCRYPT);
  return Buffer.from(crypto.hkdfSync('sha256', master, Buffer.alloc(0), 'vigil/intake/file-keys', 32));
}

export interface SealedUpload {
  ciphertext: Buffer;
  metadata: { submission: string; fingerprint: string; key: string; header: string };
  manifest: string;
  sha256: string;
}

/** What the browser sends for one file: the age file, the tus metadata and the sealed manifest. */
export async function sealUpload(plaintext: Buffer, name: string, submission: string, recipients: string[], wrapKey: Buffer): Promise<SealedUpload> {
  const { header, fileKey } = await createAgeHeader(recipients);
  const encryptor = new PayloadEncryptor(fileKey);
  const ciphertext = Buffer.concat([header, encryptor.nonce, encryptor.push(plaintext), encryptor.finish()]);
  const nonce = crypto.randomBytes(24);
  const sealed = xchacha20poly1305(wrapKey, nonce, Buffer.from('vigil/intake/file-key/v1')).encrypt(Buffer.concat([fileKey, encryptor.nonce]));
  const fingerprint = crypto.createHmac('sha256', wrapKey).update(`${name}\0${plaintext.length}\0${0}`).digest().subarray(0, 16).toString('base64');
  const sha256 = crypto.createHash('sha256').update(plaintext).digest('hex');
  return {
    ciphertext,
    metadata: { submission, fingerprint, key: Buffer.concat([nonce, sealed]).toString('base64'), header: header.toString('base64') },
    manifest: await sealText(recipients, JSON.stringify({ v: 1, name, size: plaintext.length, type: 'application/octet-stream', lastModified: null, sha256 })),
    sha256,
  };
}
