import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountRepository } from '../../src/accounts/account-repository.js';
import { AccountService } from '../../src/accounts/account-service.js';
import { newTotpSecret, totpCode } from '../../src/accounts/totp.js';
import { AuditRepository } from '../../src/audit/audit-repository.js';
import { openDatabase, type OpenDatabase } from '../../src/db/database.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import { createTestDatabase, DATABASE_KINDS, postgresAvailable, type TestDatabase } from '../helpers/databases.js';

const pgUp = await postgresAvailable();
const PASSWORD = 'correct horse battery staple';

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`accounts on ${kind}`, () => {
    let testDb: TestDatabase;
    let database: OpenDatabase;
    let accounts: AccountService;
    let audit: AuditRepository;

    beforeAll(async () => {
      testDb = await createTestDatabase(kind);
      database = openDatabase(testDb.target);
      await migrateToLatest(database.db);
      audit = new AuditRepository(database.db);
      accounts = new AccountService(new AccountRepository(database.db), audit, 'Test', { logN: 10 });
    });
    afterAll(async () => {
      await database?.close();
      await testDb?.drop();
    });

    it('locks an account after five wrong passwords, even when they arrive at once', async () => {
      await accounts.createUser({ username: 'target', displayName: 'T', role: 'viewer', password: PASSWORD, totpSecret: newTotpSecret() });
      const guesses = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => accounts.login('target', `wrong guess number ${i}`)));
      expect(guesses.every((g) => g.status === 'rejected')).toBe(true);
      await expect(accounts.login('target', PASSWORD)).rejects.toThrow(/wrong, or the account is locked/);
      const actions = (await audit.list({ recordType: 'user', limit: 100 })).map((a) => a.action);
      expect(actions).toContain('login-locked');
    });

    it('locks an account after five wrong authenticator codes, and a correct password does not reset the count', async () => {
      const secret = newTotpSecret();
      await accounts.createUser({ username: 'coder', displayName: 'C', role: 'viewer', password: PASSWORD, totpSecret: secret });
      const wrong = totpCode(secret, Date.now() + 10 * 60_000);
      let session = await accounts.login('coder', PASSWORD);
      await expect(accounts.verifySecondFactor(session.token, wrong)).rejects.toThrow(/wrong/);
      await expect(accounts.verifySecondFactor(session.token, wrong)).rejects.toThrow(/wrong/);
      session = await accounts.login('coder', PASSWORD);
      await expect(accounts.verifySecondFactor(session.token, wrong)).rejects.toThrow(/too many wrong codes/);
      await expect(accounts.verifySecondFactor(session.token, totpCode(secret))).rejects.toThrow(/expired|locked/);
      await expect(accounts.login('coder', PASSWORD)).rejects.toThrow(/locked/);
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
  });
}
