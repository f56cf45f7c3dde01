import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountRepository } from '../../src/accounts/account-repository.js';
import { AccountService } from '../../src/accounts/account-service.js';
import { newTotpSecret, totpCode } from '../../src/accounts/totp.js';
import type { Viewer } from '../../src/accounts/viewer.js';
import type { AuditRepository } from '../../src/audit/audit-repository.js';
import type { OpenDatabase } from '../../src/db/database.js';
import { DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';
import { openTestAccounts } from '../helpers/test-accounts.js';

const pgUp = await postgresAvailable();
const PASSWORD = 'correct horse battery staple';
const SIGN_IN_AGAIN = /the password or the code is wrong, or the sign-in has expired/;

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`accounts on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    let accounts: AccountService;
    let audit: AuditRepository;

    beforeAll(async () => {
      ({ testDb, database, audit, accounts } = await openTestAccounts(kind));
    });
    afterAll(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('does not lock an account: after ten wrong passwords at once, the right password and a valid code still sign in', async () => {
      const secret = newTotpSecret();
      await accounts.createUser({ username: 'target', displayName: 'T', role: 'viewer', password: PASSWORD, totpSecret: secret });
      const guesses = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => accounts.login('target', `wrong guess number ${i}`)));
      expect(guesses.filter((g) => g.status === 'rejected').length).toBeGreaterThanOrEqual(5);
      const session = await accounts.login('target', PASSWORD);
      expect(session.secondFactor).toBe('verify');
      await accounts.verifySecondFactor(session.token, totpCode(secret));
      expect((await accounts.viewer(session.token))?.user.username).toBe('target');
      const actions = (await audit.list({ recordType: 'user', limit: 100 })).map((a) => a.action);
      expect(actions).toContain('login-slowed');
      expect(actions).not.toContain('login-locked');
    });

    it('once an account is slowed, a guess learns nothing about the password without a valid code', async () => {
      const secret = newTotpSecret();
      await accounts.createUser({ username: 'guessed', displayName: 'G', role: 'admin', password: PASSWORD, totpSecret: secret });
      for (let i = 0; i < 5; i++) await expect(accounts.login('guessed', `wrong guess ${i}`)).rejects.toThrow(/username or password is wrong/);
      const wrong = await accounts.login('guessed', 'still not the password');
      const right = await accounts.login('guessed', PASSWORD);
      expect(wrong.secondFactor).toBe('verify');
      expect(right.secondFactor).toBe('verify');
      expect(wrong.user).toEqual(right.user);
      expect(right.user.role).not.toBe('admin'); // nothing about the account before the second factor
      await expect(accounts.verifySecondFactor(wrong.token, totpCode(secret))).rejects.toThrow(SIGN_IN_AGAIN);
      // A wrong code ends a slowed sign-in: the next code must come with the password again.
      await expect(accounts.verifySecondFactor(right.token, totpCode(secret, Date.now() + 10 * 60_000))).rejects.toThrow(SIGN_IN_AGAIN);
      await expect(accounts.verifySecondFactor(right.token, totpCode(secret))).rejects.toThrow(SIGN_IN_AGAIN);
      const again = await accounts.login('guessed', PASSWORD);
      await accounts.verifySecondFactor(again.token, totpCode(secret));
      expect((await accounts.viewer(again.token))?.viewer.role).toBe('admin');
      await expect(accounts.login('guessed', 'wrong once more')).rejects.toThrow(/username or password is wrong/); // the count starts again
    });

    it('answers for an unknown or disabled name as it would for a slowed account, so names cannot be told apart', async () => {
      const secret = newTotpSecret();
      const admin = await accounts.createUser({ username: 'boss', displayName: 'B', role: 'admin', password: PASSWORD, totpSecret: newTotpSecret() });
      const gone = await accounts.createUser({ username: 'leaver', displayName: 'L', role: 'viewer', password: PASSWORD, totpSecret: secret });
      await accounts.updateUser({ userId: admin.id, role: 'admin', compartments: new Set() }, gone.id, { disabled: true });
      for (const name of ['nobody-here', 'leaver']) {
        for (let i = 0; i < 5; i++) await expect(accounts.login(name, `wrong guess ${i}`)).rejects.toThrow(/username or password is wrong/);
        const slowed = await accounts.login(name, name === 'leaver' ? PASSWORD : 'any password at all');
        expect(slowed.secondFactor).toBe('verify');
        expect(slowed.user).toMatchObject({ username: name, role: 'viewer' });
        await expect(accounts.verifySecondFactor(slowed.token, totpCode(secret))).rejects.toThrow(SIGN_IN_AGAIN);
      }
    });

    it('gives an account without an authenticator yet one verdict per delay once slowed, withheld like any other, and the right password in its turn', async () => {
      let now = Date.now();
      const clocked = new AccountService(new AccountRepository(database.db), audit, 'Test', { logN: 10 }, () => new Date(now));
      await clocked.createUser({ username: 'newcomer', displayName: 'N', role: 'viewer', password: PASSWORD });
      for (let i = 0; i < 5; i++) await expect(clocked.login('newcomer', `wrong guess ${i}`)).rejects.toThrow(/username or password is wrong/);
      const withheld = await clocked.login('newcomer', 'wrong guess 5'); // slowed: this one was weighed, and is not told
      expect(withheld.secondFactor).toBe('verify');
      const outOfTurn = await clocked.login('newcomer', PASSWORD); // the right password, before its turn
      expect(outOfTurn).toMatchObject({ secondFactor: 'verify', user: withheld.user });
      await expect(clocked.beginEnrolment(outOfTurn.token)).rejects.toThrow(SIGN_IN_AGAIN);
      now += 31_000;
      const inTurn = await clocked.login('newcomer', PASSWORD);
      expect(inTurn.secondFactor).toBe('enrol');
      await clocked.beginEnrolment(inTurn.token);
    });

    it('lets a code be retried a few times, then asks for the password with each code', async () => {
      const secret = newTotpSecret();
      await accounts.createUser({ username: 'coder', displayName: 'C', role: 'viewer', password: PASSWORD, totpSecret: secret });
      const wrong = totpCode(secret, Date.now() + 10 * 60_000);
      const session = await accounts.login('coder', PASSWORD);
      for (let i = 0; i < 4; i++) await expect(accounts.verifySecondFactor(session.token, wrong)).rejects.toThrow(/the code is wrong/);
      await expect(accounts.verifySecondFactor(session.token, wrong)).rejects.toThrow(SIGN_IN_AGAIN);
      await expect(accounts.verifySecondFactor(session.token, totpCode(secret))).rejects.toThrow(SIGN_IN_AGAIN);
      const again = await accounts.login('coder', PASSWORD);
      await accounts.verifySecondFactor(again.token, totpCode(secret));
      expect(await accounts.viewer(again.token)).not.toBeNull();
    });

    it('signs in with the password and a code, and the code clears the count', async () => {
      const secret = newTotpSecret();
      await accounts.createUser({ username: 'good', displayName: 'G', role: 'editor', password: PASSWORD, totpSecret: secret });
      await expect(accounts.login('good', 'not the password at all')).rejects.toThrow();
      const session = await accounts.login('good', PASSWORD);
      expect(session.secondFactor).toBe('verify');
      expect(await accounts.viewer(session.token)).toBeNull();
      await accounts.verifySecondFactor(session.token, totpCode(secret));
      expect((await accounts.viewer(session.token))?.viewer.role).toBe('editor');
      await accounts.logout(session.token);
      expect(await accounts.viewer(session.token)).toBeNull();
    });

    it('names to an investigator the compartments they belong to, and no other', async () => {
      const admin = await accounts.createUser({ username: 'chief', displayName: 'C', role: 'admin', password: PASSWORD });
      const member = await accounts.createUser({ username: 'member', displayName: 'M', role: 'investigator', password: PASSWORD });
      const chief: Viewer = { userId: admin.id, role: 'admin', compartments: new Set() };
      const theirs = await accounts.createCompartment(chief, { name: 'Yard footage (fictional)', description: '', members: [member.id] });
      const other = await accounts.createCompartment(chief, { name: 'Hospital leak (fictional)', description: '', members: [] });
      const viewer: Viewer = { userId: member.id, role: 'investigator', compartments: new Set([theirs.id]) };
      expect(await accounts.ownCompartments(viewer)).toEqual([{ id: theirs.id, name: 'Yard footage (fictional)' }]);
      const both: Viewer = { ...chief, compartments: new Set([theirs.id, other.id]) };
      expect((await accounts.ownCompartments(both)).map((c) => c.name).sort()).toEqual(['Hospital leak (fictional)', 'Yard footage (fictional)']);
    });
  });
}
