import crypto from 'node:crypto';
import { generateCodename, isWellFormedCodename, normaliseCodename, type CodenameLanguage } from '../crypto/index.js';
import { deriveCodenameKeys } from '../crypto/index.js';
import { newId } from '../db/index.js';
import { today } from './intake-day.js';
import { IntakeError } from './intake-errors.js';
import type { IntakeRepository } from './intake-repository.js';
import type { SourceSession, SourceSessions } from './source-sessions.js';

const WRONG_CODENAME = 'That codename does not open anything here. Check each word and try again.';

/** Codenames: the source's only way back in. The codename itself is never stored. */
export class SourceService {
  constructor(
    private readonly repo: IntakeRepository,
    private readonly sessions: SourceSessions,
    readonly installationSalt: string,
  ) {}

  /** A new source: a fresh codename in the language they read, and a session that opens with it. */
  async create(language: CodenameLanguage = 'en'): Promise<{ codename: string; token: string; session: SourceSession }> {
    const codename = generateCodename(language);
    const keys = await deriveCodenameKeys(codename, this.installationSalt);
    const id = newId('src');
    await this.repo.insertSource({ id, login_hash: keys.loginHash, reply_recipient: keys.replyRecipient, created_day: today() });
    const session = { sourceId: id, replyIdentity: keys.replyIdentity, csrfToken: crypto.randomBytes(24).toString('base64url') };
    return { codename, token: this.sessions.open(session), session };
  }

  /** Signs in with a codename as typed; a wrong one is refused with the same words whatever the reason. */
  async signIn(typed: string): Promise<{ token: string; session: SourceSession }> {
    const normalised = normaliseCodename(typed);
    if (!isWellFormedCodename(normalised)) throw new IntakeError(401, 'wrong-codename', WRONG_CODENAME);
    const keys = await deriveCodenameKeys(normalised, this.installationSalt);
    const source = await this.repo.sourceByLoginHash(keys.loginHash);
    if (!source) throw new IntakeError(401, 'wrong-codename', WRONG_CODENAME);
    const session = { sourceId: source.id, replyIdentity: keys.replyIdentity, csrfToken: crypto.randomBytes(24).toString('base64url') };
    return { token: this.sessions.open(session), session };
  }

  session(token: string | undefined): SourceSession | null {
    return this.sessions.find(token);
  }

  signOut(token: string | undefined): void {
    this.sessions.close(token);
  }
}
