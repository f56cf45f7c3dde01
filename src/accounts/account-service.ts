import crypto from 'node:crypto';
import type { AuditRepository } from '../audit/index.js';
import type { Role, User } from '../db/index.js';
import { newId } from '../db/index.js';
import { AuthenticationError, InvalidInputError, NotFoundError } from '../shared/index.js';
import type { AccountRepository } from './account-repository.js';
import { DEFAULT_PASSWORD_COST, decoyHash, hashPassword, verifyPassword, WeakPasswordError, type PasswordCost } from './password.js';
import { newTotpSecret, totpStep, totpUri } from './totp.js';
import { nameBucket } from './name-bucket.js';
import { ROLES, type Viewer } from './viewer.js';
import type { CompartmentName, PublicUser } from './account-schemas.js';

const SESSION_HOURS = 12;
/** Wrong passwords, or wrong authenticator codes, in a row before the account is slowed (never locked). */
const FREE_ATTEMPTS = 5;
const FIRST_DELAY_MS = 30_000;
const MAX_DELAY_MS = 3_600_000;
const SIGN_IN_AGAIN = 'the password or the code is wrong, or the sign-in has expired: sign in again';
const USERNAME = /^[a-z0-9][a-z0-9._-]{1,62}$/;

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
    private readonly now: () => Date = () => new Date(),
  ) {}

  async createUser(
    input: { username: string; displayName: string; role: Role; password: string; totpSecret?: string },
    actor: Viewer | null = null,
  ): Promise<PublicUser> {
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
    await this.audit.record({
      userId: actor?.userId ?? null,
      action: 'user-created',
      recordType: 'user',
      recordId: id,
      detail: { username, role: input.role },
    });
    return publicUser((await this.accounts.findUser(id))!);
  }

  /**
   * The same answer, after the same work, for an unknown user, a wrong password or a disabled account. A failure
   * is counted before the password is checked, so that parallel guesses cannot outrun the count, and it is counted
   * per bucket of names (name-bucket.ts), accounts and other names alike: the answer depends on the bucket's count,
   * never on whether the name is an account. Nothing ever locks an account; after FREE_ATTEMPTS failures in a row
   * its bucket is slowed instead, and every password is answered "enter your code" (the verdict withheld):
   * - with an authenticator, only the right password followed by a valid code signs in (the one code a slowed
   *   sign-in may try);
   * - without one yet, the password is weighed once per delay (doubling up to an hour): the right password in its
   *   turn is told to set up an authenticator, every other answer is the withheld one;
   * - a name that is no account (or a disabled one) gets the withheld answer, and no code opens it.
   */
  async login(usernameInput: string, password: string): Promise<SessionState> {
    const username = usernameInput.trim().toLowerCase();
    const failures = await this.accounts.countFailure(nameBucket(username));
    const user = await this.accounts.findUserByName(username);
    if (!user || user.disabled_at !== null) {
      await verifyPassword(password, decoyHash(this.passwordCost));
      if (failures > FREE_ATTEMPTS) return withheldVerdict(randomToken(), username);
      throw refusedLogin();
    }
    if (failures === FREE_ATTEMPTS + 1) await this.audit.record({ userId: user.id, action: 'login-slowed', recordType: 'user', recordId: user.id });
    if (failures <= FREE_ATTEMPTS) return this.weighPassword(user, password);
    if (user.totp_enabled) return this.withholdVerdict(user, username, password);
    return this.weighInTurn(user, username, password, failures);
  }

  /** The password's verdict, told at once: a pending session, or the refusal. */
  private async weighPassword(user: User, password: string): Promise<SessionState> {
    if (!(await verifyPassword(password, user.password_hash))) {
      await this.audit.record({ userId: user.id, action: 'login-failed', recordType: 'user', recordId: user.id });
      throw refusedLogin();
    }
    // The count is cleared only once the second factor is passed too: a known password must not
    // buy fresh guesses at the code.
    return { token: await this.openPendingSession(user), secondFactor: user.totp_enabled ? 'verify' : 'enrol', user: publicUser(user) };
  }

  /** A slowed account's answer, whatever the password: only the right one gets a session for its code to complete. */
  private async withholdVerdict(user: User, username: string, password: string): Promise<SessionState> {
    if (await verifyPassword(password, user.password_hash)) return withheldVerdict(await this.openPendingSession(user), username);
    await this.audit.record({ userId: user.id, action: 'login-failed', recordType: 'user', recordId: user.id });
    return withheldVerdict(randomToken(), username);
  }

  /**
   * A slowed account without an authenticator has a password weighed once per delay, whoever asks first: a verdict
   * here is the whole sign-in, so it cannot be withheld until a code. Out of turn, or wrong, the withheld answer.
   */
  private async weighInTurn(user: User, username: string, password: string, failures: number): Promise<SessionState> {
    const now = this.now();
    const turn = await this.accounts.claimSlowedTurn(user.id, now.toISOString(), new Date(now.getTime() + slowedDelayMs(failures)).toISOString());
    if (!turn) {
      await verifyPassword(password, decoyHash(this.passwordCost));
      return withheldVerdict(randomToken(), username);
    }
    if (await verifyPassword(password, user.password_hash))
      return { token: await this.openPendingSession(user), secondFactor: 'enrol', user: publicUser(user) };
    await this.audit.record({ userId: user.id, action: 'login-failed', recordType: 'user', recordId: user.id });
    return withheldVerdict(randomToken(), username);
  }

  private async openPendingSession(user: User): Promise<string> {
    const token = crypto.randomBytes(32).toString('base64url');
    await this.accounts.insertSession({
      tokenHash: hashToken(token),
      userId: user.id,
      secondFactor: false,
      expiresAt: new Date(this.now().getTime() + SESSION_HOURS * 3_600_000).toISOString(),
    });
    return token;
  }

  async verifySecondFactor(token: string, code: string): Promise<SessionState> {
    const { user } = await this.pendingSession(token);
    if (!user.totp_enabled || !user.totp_secret) throw new AuthenticationError('set up an authenticator app first');
    await this.acceptCode(token, user, user.totp_secret, code);
    await this.accounts.completeSecondFactor(hashToken(token));
    await this.audit.record({ userId: user.id, action: 'login', recordType: 'user', recordId: user.id });
    return { token, secondFactor: 'none', user: publicUser(user) };
  }

  /** A new secret for a user who has none yet; it takes effect once a code from it is confirmed. */
  async beginEnrolment(token: string): Promise<{ secret: string; uri: string }> {
    const { user } = await this.pendingSession(token);
    // Answered like a sign-in that does not exist: a withheld verdict must not be told apart here either.
    if (user.totp_enabled) throw new AuthenticationError(SIGN_IN_AGAIN);
    const secret = newTotpSecret();
    await this.accounts.updateUser(user.id, { totp_secret: secret });
    return { secret, uri: totpUri(secret, user.username, `Vigil (${this.organisation})`) };
  }

  async confirmEnrolment(token: string, code: string): Promise<SessionState> {
    const { user } = await this.pendingSession(token);
    if (user.totp_enabled) throw new AuthenticationError(SIGN_IN_AGAIN);
    if (!user.totp_secret) throw new AuthenticationError('start the authenticator set-up first');
    await this.acceptCode(token, user, user.totp_secret, code);
    await this.accounts.updateUser(user.id, { totp_enabled: 1 });
    await this.accounts.completeSecondFactor(hashToken(token));
    await this.audit.record({ userId: user.id, action: 'second-factor-enrolled', recordType: 'user', recordId: user.id });
    return { token, secondFactor: 'none', user: publicUser({ ...user, totp_enabled: 1 }) };
  }

  /** The signed-in user behind a session token, or null when there is none or the second factor is missing. */
  async viewer(token: string | undefined): Promise<{ viewer: Viewer; user: PublicUser } | null> {
    if (!token) return null;
    const session = await this.accounts.findSession(hashToken(token));
    if (!session || !session.second_factor || new Date(session.expires_at) <= this.now()) return null;
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

  async updateUser(
    actor: Viewer,
    id: string,
    patch: { role?: Role; displayName?: string; disabled?: boolean; resetSecondFactor?: boolean },
  ): Promise<PublicUser> {
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
    await this.audit.record({
      userId: actor.userId,
      action: 'compartment-members-set',
      recordType: 'compartment',
      recordId: compartmentId,
      detail: { members: userIds },
    });
  }

  listCompartments(): Promise<Array<{ id: string; name: string; description: string; members: string[] }>> {
    return this.accounts.listCompartments();
  }

  /** The compartments the viewer belongs to, by name (what the viewer may restrict to, and all they can see restricted). */
  async compartmentsOf(viewer: Viewer): Promise<CompartmentName[]> {
    return (await this.accounts.listCompartments()).filter((c) => viewer.compartments.has(c.id)).map(({ id, name }) => ({ id, name }));
  }

  private async pendingSession(token: string): Promise<{ user: User }> {
    const session = await this.accounts.findSession(hashToken(token));
    if (!session || new Date(session.expires_at) <= this.now()) throw new AuthenticationError(SIGN_IN_AGAIN);
    const user = await this.accounts.findUser(session.user_id);
    if (!user || user.disabled_at !== null) throw new AuthenticationError(SIGN_IN_AGAIN);
    return { user };
  }

  /**
   * A wrong code counts like a wrong password. Until the account is slowed the code may be tried again; after,
   * a wrong code ends the half-open sign-in, so each guess at the code costs a password check as well.
   */
  private async acceptCode(token: string, user: User, secret: string, code: string): Promise<void> {
    const attempt = await this.accounts.countFailure(nameBucket(user.username));
    const step = totpStep(secret, code, this.now().getTime());
    if (step === null || !(await this.accounts.claimTotpStep(user.id, step))) {
      await this.audit.record({ userId: user.id, action: 'second-factor-failed', recordType: 'user', recordId: user.id });
      if (attempt > FREE_ATTEMPTS) {
        await this.accounts.deleteSession(hashToken(token));
        throw new AuthenticationError(SIGN_IN_AGAIN);
      }
      throw new AuthenticationError('the code is wrong or was already used; wait for the next one');
    }
    await this.accounts.clearFailures(nameBucket(user.username));
    await this.accounts.updateUser(user.id, { locked_until: null });
  }
}

/** What a slowed sign-in is told, whatever the password: nothing about the account before the second factor. */
function withheldVerdict(token: string, username: string): SessionState {
  return { token, secondFactor: 'verify', user: { id: '', username, displayName: username, role: 'viewer', secondFactor: true, disabled: false } };
}

function randomToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** How long a slowed account without an authenticator waits between verdicts: 30 s, doubling, at most an hour. */
function slowedDelayMs(attempt: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** (attempt - FREE_ATTEMPTS - 1), MAX_DELAY_MS);
}

function refusedLogin(): AuthenticationError {
  return new AuthenticationError('the username or password is wrong (after repeated failures an account waits a while between attempts)');
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
