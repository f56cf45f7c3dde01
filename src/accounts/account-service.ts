import crypto from 'node:crypto';
import type { AuditRepository } from '../audit/audit-repository.js';
import type { Role, User } from '../db/schema.js';
import { newId } from '../db/ids.js';
import { AuthenticationError, InvalidInputError, NotFoundError } from '../shared/errors.js';
import type { AccountRepository } from './account-repository.js';
import { DEFAULT_PASSWORD_COST, decoyHash, hashPassword, verifyPassword, WeakPasswordError, type PasswordCost } from './password.js';
import { newTotpSecret, totpStep, totpUri } from './totp.js';
import { ROLES, type Viewer } from './viewer.js';

const SESSION_HOURS = 12;
/** Wrong passwords, or wrong authenticator codes, before the account locks for a while. */
const MAX_FAILED_ATTEMPTS = 5;
const LOCK_MINUTES = 15;
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  secondFactor: boolean;
  disabled: boolean;
}

export interface SessionState {
  token: string;
  /** `verify`: type a code; `enrol`: set up an authenticator first; `none`: signed in. */
  secondFactor: 'verify' | 'enrol' | 'none';
  user: PublicUser;
}

export class AccountService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly audit: AuditRepository,
    private readonly organisation: string,
    private readonly passwordCost: PasswordCost = DEFAULT_PASSWORD_COST,
  ) {}

  async createUser(input: { username: string; displayName: string; role: Role; password: string; totpSecret?: string }, actor: Viewer | null = null): Promise<PublicUser> {
    const username = input.username.trim().toLowerCase();
    if (!USERNAME.test(username)) throw new InvalidInputError('username', 'use 2–63 lower-case letters, digits, dots, dashes or underscores');
    if (!ROLES.includes(input.role)) throw new InvalidInputError('role', `must be one of ${ROLES.join(', ')}`);
    if (await this.accounts.findUserByName(username)) throw new InvalidInputError('username', `${username} is taken`);
    let passwordHash: string;
    try {
      passwordHash = await hashPassword(input.password, this.passwordCost);
    } catch (error) {
      if (error instanceof WeakPasswordError) throw new InvalidInputError('password', error.message);
      throw error;
    }
    const id = newId('usr');
    await this.accounts.insertUser({
      id,
      username,
      displayName: input.displayName.trim() || username,
      role: input.role,
      passwordHash,
      totpSecret: input.totpSecret ?? null,
      totpEnabled: input.totpSecret !== undefined,
    });
    await this.audit.record({ userId: actor?.userId ?? null, action: 'user-created', recordType: 'user', recordId: id, detail: { username, role: input.role } });
    return publicUser((await this.accounts.findUser(id))!);
  }

  /**
   * The same answer, after the same work, for an unknown user, a wrong password, a locked or disabled
   * account. An attempt is counted before the password is checked, so that parallel guesses cannot
   * outrun the lockout.
   */
  async login(usernameInput: string, password: string): Promise<SessionState> {
    const user = await this.accounts.findUserByName(usernameInput.trim().toLowerCase());
    const now = new Date();
    if (!user || (user.locked_until !== null && new Date(user.locked_until) > now) || user.disabled_at !== null) {
      await verifyPassword(password, await decoyHash(this.passwordCost));
      throw refusedLogin();
    }
    const attempt = await this.accounts.countAttempt(user.id);
    if (attempt > MAX_FAILED_ATTEMPTS) {
      await this.lock(user.id, 'login-locked');
      await verifyPassword(password, await decoyHash(this.passwordCost));
      throw refusedLogin();
    }
    if (!(await verifyPassword(password, user.password_hash))) {
      if (attempt === MAX_FAILED_ATTEMPTS) await this.lock(user.id, 'login-locked');
      else await this.audit.record({ userId: user.id, action: 'login-failed', recordType: 'user', recordId: user.id });
      throw refusedLogin();
    }
    // The count is cleared only once the second factor is passed too: a known password must not
    // buy fresh guesses at the code.
    if (user.locked_until !== null) await this.accounts.updateUser(user.id, { locked_until: null });
    const token = crypto.randomBytes(32).toString('base64url');
    await this.accounts.insertSession({ tokenHash: hashToken(token), userId: user.id, secondFactor: false, expiresAt: new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString() });
    return { token, secondFactor: user.totp_enabled ? 'verify' : 'enrol', user: publicUser(user) };
  }

  async verifySecondFactor(token: string, code: string): Promise<SessionState> {
    const { user } = await this.pendingSession(token);
    if (!user.totp_enabled || !user.totp_secret) throw new AuthenticationError('set up an authenticator app first');
    await this.acceptCode(user, user.totp_secret, code);
    await this.accounts.completeSecondFactor(hashToken(token));
    await this.audit.record({ userId: user.id, action: 'login', recordType: 'user', recordId: user.id });
    return { token, secondFactor: 'none', user: publicUser(user) };
  }

  /** A new secret for a user who has none yet; it takes effect once a code from it is confirmed. */
  async beginEnrolment(token: string): Promise<{ secret: string; uri: string }> {
    const { user } = await this.pendingSession(token);
    if (user.totp_enabled) throw new AuthenticationError('an authenticator is already set up; an administrator can reset it');
    const secret = newTotpSecret();
    await this.accounts.updateUser(user.id, { totp_secret: secret });
    return { secret, uri: totpUri(secret, user.username, `Vigil (${this.organisation})`) };
  }

  async confirmEnrolment(token: string, code: string): Promise<SessionState> {
    const { user } = await this.pendingSession(token);
    if (user.totp_enabled || !user.totp_secret) throw new AuthenticationError('start the authenticator set-up first');
    await this.acceptCode(user, user.totp_secret, code);
    await this.accounts.updateUser(user.id, { totp_enabled: 1 });
    await this.accounts.completeSecondFactor(hashToken(token));
    await this.audit.record({ userId: user.id, action: 'second-factor-enrolled', recordType: 'user', recordId: user.id });
    return { token, secondFactor: 'none', user: publicUser({ ...user, totp_enabled: 1 }) };
  }

  /** The signed-in user behind a session token, or null when there is none or the second factor is missing. */
  async viewer(token: string | undefined): Promise<{ viewer: Viewer; user: PublicUser } | null> {
    if (!token) return null;
    const session = await this.accounts.findSession(hashToken(token));
    if (!session || !session.second_factor || new Date(session.expires_at) <= new Date()) return null;
    const user = await this.accounts.findUser(session.user_id);
    if (!user || user.disabled_at !== null) return null;
    const compartments = new Set(await this.accounts.compartmentsOf(user.id));
    return { viewer: { userId: user.id, role: user.role, compartments }, user: publicUser(user) };
  }

  async logout(token: string): Promise<void> {
    await this.accounts.deleteSession(hashToken(token));
  }

  async listUsers(): Promise<PublicUser[]> {
    return (await this.accounts.listUsers()).map(publicUser);
  }

  async updateUser(actor: Viewer, id: string, patch: { role?: Role; displayName?: string; disabled?: boolean; resetSecondFactor?: boolean }): Promise<PublicUser> {
    const user = await this.accounts.findUser(id);
    if (!user) throw new NotFoundError('user', id);
    if (patch.role !== undefined && !ROLES.includes(patch.role)) throw new InvalidInputError('role', `must be one of ${ROLES.join(', ')}`);
    if (id === actor.userId && (patch.disabled || (patch.role !== undefined && patch.role !== 'admin'))) {
      throw new InvalidInputError('role', 'you cannot demote or disable your own account');
    }
    await this.accounts.updateUser(id, {
      ...(patch.role !== undefined ? { role: patch.role } : {}),
      ...(patch.displayName !== undefined ? { display_name: patch.displayName.trim() || user.username } : {}),
      ...(patch.disabled !== undefined ? { disabled_at: patch.disabled ? new Date().toISOString() : null } : {}),
      ...(patch.resetSecondFactor ? { totp_enabled: 0, totp_secret: null } : {}),
    });
    if (patch.disabled || patch.resetSecondFactor || patch.role !== undefined) await this.accounts.deleteSessionsOf(id);
    await this.audit.record({ userId: actor.userId, action: 'user-updated', recordType: 'user', recordId: id, detail: patch });
    return publicUser((await this.accounts.findUser(id))!);
  }

  async createCompartment(actor: Viewer, input: { name: string; description: string; members: string[] }): Promise<{ id: string }> {
    const name = input.name.trim();
    if (!name) throw new InvalidInputError('name', 'a compartment needs a name');
    if ((await this.accounts.listCompartments()).some((c) => c.name === name)) throw new InvalidInputError('name', `a compartment named ${name} exists`);
    const id = newId('cmp');
    await this.accounts.insertCompartment({ id, name, description: input.description });
    await this.setMembers(actor, id, [...new Set([actor.userId, ...input.members])]);
    return { id };
  }

  async setMembers(actor: Viewer, compartmentId: string, userIds: string[]): Promise<void> {
    if (!(await this.accounts.findCompartment(compartmentId))) throw new NotFoundError('compartment', compartmentId);
    for (const userId of userIds) if (!(await this.accounts.findUser(userId))) throw new InvalidInputError('members', `no user ${userId}`);
    await this.accounts.setMembers(compartmentId, [...new Set(userIds)]);
    await this.audit.record({ userId: actor.userId, action: 'compartment-members-set', recordType: 'compartment', recordId: compartmentId, detail: { members: userIds } });
  }

  listCompartments(): Promise<Array<{ id: string; name: string; description: string; members: string[] }>> {
    return this.accounts.listCompartments();
  }

  private async pendingSession(token: string): Promise<{ user: User }> {
    const session = await this.accounts.findSession(hashToken(token));
    if (!session || new Date(session.expires_at) <= new Date()) throw new AuthenticationError('the sign-in has expired; enter your password again');
    const user = await this.accounts.findUser(session.user_id);
    if (!user || user.disabled_at !== null) throw new AuthenticationError('the sign-in has expired; enter your password again');
    return { user };
  }

  /**
   * A wrong code counts like a wrong password: five and the account locks and its half-open sessions
   * end, so a stolen password does not buy unlimited guesses at the second factor.
   */
  private async acceptCode(user: User, secret: string, code: string): Promise<void> {
    const attempt = await this.accounts.countAttempt(user.id);
    const step = attempt > MAX_FAILED_ATTEMPTS ? null : totpStep(secret, code);
    if (step === null || !(await this.accounts.claimTotpStep(user.id, step))) {
      if (attempt >= MAX_FAILED_ATTEMPTS) {
        await this.lock(user.id, 'second-factor-locked');
        throw new AuthenticationError('too many wrong codes: the account is locked for a while; sign in again later');
      }
      await this.audit.record({ userId: user.id, action: 'second-factor-failed', recordType: 'user', recordId: user.id });
      throw new AuthenticationError('the code is wrong or was already used; wait for the next one');
    }
    await this.accounts.updateUser(user.id, { failed_logins: 0 });
  }

  private async lock(userId: string, action: string): Promise<void> {
    await this.accounts.updateUser(userId, { failed_logins: 0, locked_until: new Date(Date.now() + LOCK_MINUTES * 60_000).toISOString() });
    await this.accounts.deleteSessionsOf(userId);
    await this.audit.record({ userId, action, recordType: 'user', recordId: userId });
  }
}

function refusedLogin(): AuthenticationError {
  return new AuthenticationError('the username or password is wrong, or the account is locked for a while');
}

function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

function publicUser(user: User): PublicUser {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role: user.role,
    secondFactor: Boolean(user.totp_enabled),
    disabled: user.disabled_at !== null,
  };
}
