import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, postgresAvailable } from '../helpers/databases.js';
import { createTestHome, writeCorpus, type TestHome } from '../helpers/vigil-home.js';
import { DEFAULT_ARCHIVE_LIMITS, type IngestedItem } from '../../src/vault/index.js';

const pgUp = await postgresAvailable();

/**
 * How a person names an item on the command line: its id, a unique prefix of the id (as `vigil vault list`
 * shows it, `itm_` included) or of its SHA-256, on both databases. A prefix that fits several items names them.
 */
for (const kind of DATABASE_KINDS) {
  describe.skipIf(kind === 'postgres' && !pgUp)(`item references on ${kind}`, () => {
    let home: TestHome;
    const items: IngestedItem[] = [];

    beforeAll(async () => {
      home = await createTestHome(kind);
      const files: Record<string, number> = {};
      for (let i = 0; i < 40; i++) files[`f${i}.bin`] = 500 + i;
      writeCorpus(path.join(home.dir, 'corpus'), files);
      await home.vigil.ingest.ingest([path.join(home.dir, 'corpus')], {
        expandArchives: false,
        limits: DEFAULT_ARCHIVE_LIMITS,
        onItem: (item) => items.push(item),
      });
    });
    afterAll(async () => home?.cleanup());

    const describeRef = async (ref: string) => (await home.vigil.vault.describe(ref)).item.id;

    it('resolves a unique prefix of an id, written as the vault list shows it', async () => {
      for (const item of items.slice(0, 5)) {
        expect(await describeRef(item.id.slice(0, 10))).toBe(item.id);
        expect(await describeRef(item.id.slice(0, 10).toUpperCase())).toBe(item.id);
      }
    });

    it('resolves a whole SHA-256 and a unique prefix of one', async () => {
      const item = items[0]!;
      expect(await describeRef(item.sha256)).toBe(item.id);
      expect(await describeRef(item.sha256.slice(0, 12))).toBe(item.id);
    });

    it('names every item a prefix fits when it fits several', async () => {
      // Among 40 random ids, two sorted neighbours share the longest prefixes; find one that is long enough.
      const ids = items.map((i) => i.id).sort();
      const shas = items.map((i) => i.sha256).sort();
      const shared = (list: string[], least: number) => {
        for (let i = 1; i < list.length; i++) {
          let n = 0;
          while (list[i]![n] === list[i - 1]![n]) n++;
          if (n >= least) return list[i]!.slice(0, n);
        }
        return null;
      };
      const prefix = shared(shas, 1)!;
      const fitting = items.filter((i) => i.sha256.startsWith(prefix)).map((i) => i.id);
      expect(fitting.length).toBeGreaterThan(1);
      if (prefix.length >= 8) {
        const refused = describeRef(prefix);
        await expect(refused).rejects.toThrow(/matches \d+ items/);
        for (const id of fitting) await expect(describeRef(prefix)).rejects.toThrow(id);
      } else {
        await expect(describeRef(prefix)).rejects.toThrow(/at least 8 hexadecimal digits/);
      }
      const idPrefix = shared(ids, 8);
      if (idPrefix !== null) await expect(describeRef(idPrefix)).rejects.toThrow(/matches \d+ items/);
      await expect(describeRef('itm_')).rejects.toThrow(/at least 4 characters after itm_/);
    });

    it('treats characters that mean "anything" to SQL as themselves', async () => {
      await expect(describeRef('itm_%%%%')).rejects.toThrow(/no item "itm_%%%%"/);
      await expect(describeRef('itm_____')).rejects.toThrow(/no item "itm_____"/);
      await expect(describeRef('%')).rejects.toThrow(/no item "%"/);
    });
  });
}
