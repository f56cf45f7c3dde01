// `custody verify` re-verifies every stored RFC 3161 token (CMS signature, signer certificate, imprint over
// the stored checkpoint note), on SQLite and PostgreSQL, against tokens from OpenSSL's authority.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCustodyConfig } from '../../src/config/custody-config.js';
import { openVigil, type Vigil } from '../../src/app/open-vigil.js';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { startTestTsa, type TestTsa } from '../helpers/openssl-tsa.js';
import { createTestHome, TEST_PASSPHRASE, type TestHome } from '../helpers/vigil-home.js';

const pgUp = await postgresAvailable();

for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`timestamped checkpoints on ${kind}`, () => {
    let home: TestHome;
    let tsa: TestTsa;
    let signer: string;
    let first: { id: string; token: string };
    let second: { id: string; token: string };

    beforeAll(async () => {
      [home, tsa] = await Promise.all([createTestHome(kind), startTestTsa()]);
      signer = (await home.vigil.keyring.unlock(TEST_PASSPHRASE)).custodySignerKey;
      const event = (n: number) => ({ event: 'decrypted' as const, item: `itm_${n}`, sha256: 'ab'.repeat(32), purpose: 'test' });
      await home.vigil.custody.record([event(0), event(1)]);
      const cp1 = await home.vigil.custody.checkpoint(signer, new URL(`${tsa.base}/tsa`));
      await home.vigil.custody.record([event(2)]);
      const cp2 = await home.vigil.custody.checkpoint(signer, new URL(`${tsa.base}/tsa`));
      expect([cp1.timestampError, cp2.timestampError]).toEqual([null, null]);
      first = { id: cp1.id, token: cp1.timestamp_token! };
      second = { id: cp2.id, token: cp2.timestamp_token! };
    });

    afterAll(async () => {
      await Promise.all([home?.cleanup(), tsa?.stop()]);
    });

    const setToken = (token: string) =>
      home.vigil.database.db.updateTable('custody_checkpoints').set({ timestamp_token: token }).where('id', '=', first.id).execute();
    const problems = async (vigil: Vigil = home.vigil) => (await vigil.custody.verifyLog()).problems.join('\n');

    it('verifies the tokens the authority gave, and says they are not chained to a CA', async () => {
      const report = await home.vigil.custody.verifyLog();
      expect(report.problems).toEqual([]);
      expect(report.notices).toContainEqual(expect.stringMatching(/not chained to a CA: set VIGIL_TSA_CA_FILE/));
    });

    it('reports a token whose signature byte was flipped', async () => {
      const token = Buffer.from(first.token, 'base64');
      token[token.length - 1]! ^= 0x01;
      await setToken(token.toString('base64'));
      expect(await problems()).toMatch(
        new RegExp(`checkpoint ${first.id}: its RFC 3161 timestamp from ${tsa.base}/tsa does not verify: .*signature does not verify`),
      );
      await setToken(first.token);
      expect(await problems()).toBe('');
    });

    it('reports a genuine token that stamps another checkpoint', async () => {
      await setToken(second.token);
      expect(await problems()).toMatch(new RegExp(`checkpoint ${first.id}: .*does not verify: the timestamp token is for other data`));
      await setToken(first.token);
    });

    it('reports a token for the same checkpoint signed by a certificate that is not a time-stamping one', async () => {
      const resigned = await tsa.resign(Buffer.from(first.token, 'base64'), tsa.noEkuCertFile, tsa.noEkuKeyFile);
      await setToken(resigned.toString('base64'));
      expect(await problems()).toMatch(new RegExp(`checkpoint ${first.id}: .*CN=Vigil Test Not A TSA\\) is not a time-stamping authority`));
      await setToken(first.token);
    });

    it('reports a token that is not one', async () => {
      await setToken(Buffer.from('not a token').toString('base64'));
      expect(await problems()).toMatch(new RegExp(`checkpoint ${first.id}: .*malformed`));
      await setToken(first.token);
    });

    it('with VIGIL_TSA_CA_FILE, chains every token to that CA, at verify and at checkpoint time', async () => {
      const reopen = (caFile: string) => openVigil({ ...home.vigil.config, custody: loadCustodyConfig({ VIGIL_TSA_CA_FILE: caFile }, home.vigil.config.home) });
      const trusting = await reopen(tsa.caFile);
      try {
        const report = await trusting.custody.verifyLog();
        expect(report.problems).toEqual([]);
        expect(report.notices.join('\n')).not.toMatch(/VIGIL_TSA_CA_FILE/);
      } finally {
        await trusting.close();
      }
      // A file whose certificate did not issue the authority's (another end-entity certificate of the test CA).
      const wrong = await reopen(tsa.noEkuCertFile);
      try {
        expect(await problems(wrong)).toMatch(/Validation of signer's certificate failed/);
        const cp = await wrong.custody.checkpoint(signer, new URL(`${tsa.base}/tsa`));
        expect(cp.timestamp_token).toBeNull();
        expect(cp.timestampError).toMatch(/Validation of signer's certificate failed/);
      } finally {
        await wrong.close();
      }
      await expect(reopen(`${home.dir}/no-such-ca.pem`)).rejects.toThrow(/cannot read VIGIL_TSA_CA_FILE .*ENOENT/);
    });
  });
}
