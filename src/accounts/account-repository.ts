import type { Db } from '../db/index.js';
import { currentExecutor, runInTransaction } from '../db/index.js';
import type { Role, User } from '../db/index.js';

/** Users, their sessions and their compartments. */
export class AccountRepository {
  constructor(private readonly root: Db) {}

  /** The transaction a caller opened (runInTransaction), else the database. */
  private get db(): Db {
    return currentExecutor(this.root);
  }

  async insertUser(user: {
    id: string;
    username: string;
    displayName: string;
    role: Role;
    passwordHash: string;
    totpSecret: string | null;
    totpEnabled: boolean;
  }): Promise<void> {
    await this.db
      .insertInto('users')
      .values({
        id: user.id,
        username: user.username,
        display_name: user.displayName,
        role: user.role,
        password_hash: user.passwordHash,
        totp_secret: user.totpSecret,
        totp_enabled: user.totpEnabled ? 1 : 0,
        created_at: new Date().toISOString(),
      })
      .execute();
  }

  findUserByName(username: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  }

  findUser(id: string): Promise<User | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  listUsers(): Promise<User[]> {
    return this.db.selectFrom('users').selectAll().orderBy('username').execute();
  }

  async updateUser(
    id: string,
    patch: Partial<{
      role: Role;
      display_name: string;
      password_hash: string;
      totp_secret: string | null;
      totp_enabled: number;
      totp_last_step: number;
      locked_until: string | null;
      disabled_at: string | null;
    }>,
  ): Promise<void> {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }

  /**
   * Counts one more failed (or not yet judged) sign-in in a bucket of names, atomically, and returns the new count:
   * parallel guesses each get their own number, so none slips past the limit.
   */
  async countFailure(bucket: number): Promise<number> {
    const row = await this.db
      .insertInto('sign_in_failures')
      .values({ bucket, failures: 1 })
      .onConflict((oc) => oc.column('bucket').doUpdateSet((eb) => ({ failures: eb(eb.ref('sign_in_failures.failures'), '+', 1) })))
      .returning('failures')
      .executeTakeFirstOrThrow();
    return Number(row.failures);
  }

  async clearFailures(bucket: number): Promise<void> {
    await this.db.deleteFrom('sign_in_failures').where('bucket', '=', bucket).execute();
  }

  /**
   * Takes the slowed account's next turn to have a password weighed, if its delay has passed (`locked_until`
   * holds when the next turn comes), and sets the one after: true if this call got the turn.
   */
  async claimSlowedTurn(id: string, now: string, nextTurn: string): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ locked_until: nextTurn })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Records a TOTP step as used, unless it (or a later one) already was: true if this call won. */
  async claimTotpStep(id: string, step: number): Promise<boolean> {
    const result = await this.db.updateTable('users').set({ totp_last_step: step }).where('id', '=', id).where('totp_last_step', '<', step).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertSession(session: { tokenHash: string; userId: string; secondFactor: boolean; expiresAt: string }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: session.tokenHash,
        user_id: session.userId,
        second_factor: session.secondFactor ? 1 : 0,
        created_at: new Date().toISOString(),
        expires_at: session.expiresAt,
      })
      .execute();
  }

  findSession(tokenHash: string): Promise<{ user_id: string; second_factor: number; expires_at: string } | undefined> {
    return this.db.selectFrom('sessions').select(['user_id', 'second_factor', 'expires_at']).where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async completeSecondFactor(tokenHash: string): Promise<void> {
    await this.db.updateTable('sessions').set({ second_factor: 1 }).where('token_hash', '=', tokenHash).execute();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  async deleteSessionsOf(userId: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('user_id', '=', userId).execute();
  }

  async deleteExpiredSessions(now: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  }

  async compartmentsOf(userId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('compartment_members').select('compartment_id').where('user_id', '=', userId).execute();
    return rows.map((r) => r.compartment_id);
  }

  async insertCompartment(compartment: { id: string; name: string; description: string }): Promise<void> {
    await this.db
      .insertInto('compartments')
      .values({ ...compartment, created_at: new Date().toISOString() })
      .execute();
  }

  findCompartment(id: string): Promise<{ id: string; name: string; description: string } | undefined> {
    return this.db.selectFrom('compartments').select(['id', 'name', 'description']).where('id', '=', id).executeTakeFirst();
  }

  async compartmentsNamed(ids: string[]): Promise<Array<{ id: string; name: string }>> {
    if (ids.length === 0) return [];
    return this.db.selectFrom('compartments').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
  }

  async listCompartments(): Promise<Array<{ id: string; name: string; description: string; members: string[] }>> {
    const compartments = await this.db.selectFrom('compartments').select(['id', 'name', 'description']).orderBy('name').execute();
    const members = await this.db.selectFrom('compartment_members').select(['compartment_id', 'user_id']).execute();
    return compartments.map((c) => ({ ...c, members: members.filter((m) => m.compartment_id === c.id).map((m) => m.user_id) }));
  }

  async setMembers(compartmentId: string, userIds: string[]): Promise<void> {
    await runInTransaction(this.root, async (trx) => {
      await trx.deleteFrom('compartment_members').where('compartment_id', '=', compartmentId).execute();
      if (userIds.length > 0) {
        await trx
          .insertInto('compartment_members')
          .values(userIds.map((user_id) => ({ compartment_id: compartmentId, user_id })))
          .execute();
      }
    });
  }
}
