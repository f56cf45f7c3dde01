import crypto from 'node:crypto';

export interface SourceSession {
  sourceId: string;
  /** Opens the staff's replies; it exists only in this process's memory, for the session. */
  replyIdentity: string;
  csrfToken: string;
}

const IDLE_MS = 2 * 60 * 60 * 1000;

/**
 * Signed-in sources, in memory only: nothing about a visit is written down, and a restart signs
 * everyone out (the codename signs them in again).
 */
export class SourceSessions {
  private readonly sessions = new Map<string, SourceSession & { idleUntil: number }>();

  open(session: SourceSession): string {
    this.sweep();
    const token = crypto.randomBytes(32).toString('base64url');
    this.sessions.set(hash(token), { ...session, idleUntil: Date.now() + IDLE_MS });
    return token;
  }

  find(token: string | undefined): SourceSession | null {
    if (!token) return null;
    const key = hash(token);
    const session = this.sessions.get(key);
    if (!session) return null;
    if (session.idleUntil < Date.now()) {
      this.sessions.delete(key);
      return null;
    }
    session.idleUntil = Date.now() + IDLE_MS;
    return session;
  }

  close(token: string | undefined): void {
    if (token) this.sessions.delete(hash(token));
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, session] of this.sessions) if (session.idleUntil < now) this.sessions.delete(key);
  }
}

function hash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
