import { describe, expect, it } from 'vitest';
import type { Item } from '../../../src/db/index.js';
import { AmbiguousItemRefError, findItem } from '../../../src/vault/index.js';

/** Items in memory, with the lookups the vault's repository makes in SQL. */
function lookups(ids: Array<[string, string]>) {
  const items = ids.map(([id, sha256]) => ({ id, sha256 }) as Item);
  const starting =
    (field: 'id' | 'sha256') =>
    async (prefix: string, limit = 2) =>
      items.filter((i) => i[field].startsWith(prefix)).slice(0, limit);
  return {
    byId: async (id: string) => items.find((i) => i.id === id),
    bySha256: async (sha: string) => items.find((i) => i.sha256 === sha),
    byIdPrefix: starting('id'),
    bySha256Prefix: starting('sha256'),
  };
}

const sha = (start: string) => start.padEnd(64, '0');
const vault = lookups([
  ['itm_abcd000000000001', sha('aaaa1111')],
  ['itm_abcd000000000002', sha('aaaa1112')],
  ['itm_abce000000000003', sha('bbbb2222')],
]);

describe('finding an item by what a person types', () => {
  it('takes a whole id, a unique prefix of it, a SHA-256 or a unique prefix of that, in any case', async () => {
    expect((await findItem(vault, 'itm_abcd000000000002')).id).toBe('itm_abcd000000000002');
    expect((await findItem(vault, ' ITM_ABCE ')).id).toBe('itm_abce000000000003');
    expect((await findItem(vault, sha('bbbb2222'))).id).toBe('itm_abce000000000003');
    expect((await findItem(vault, 'AAAA1112')).id).toBe('itm_abcd000000000002');
  });

  it('names every item an ambiguous prefix fits', async () => {
    const refused = findItem(vault, 'itm_abcd');
    await expect(refused).rejects.toBeInstanceOf(AmbiguousItemRefError);
    await expect(findItem(vault, 'itm_abcd')).rejects.toThrow('"itm_abcd" matches 2 items: itm_abcd000000000001, itm_abcd000000000002; give more of it');
    await expect(findItem(vault, 'aaaa111')).rejects.toThrow(/too short for a SHA-256 prefix/);
    await expect(findItem(vault, 'aaaa1111')).resolves.toMatchObject({ id: 'itm_abcd000000000001' });
  });

  it('says that it names more when more items fit than it lists', async () => {
    const many = lookups(Array.from({ length: 15 }, (_, i) => [`itm_zzzz${String(i).padStart(12, '0')}`, sha(`cc${i}`)] as [string, string]));
    await expect(findItem(many, 'itm_zzzz')).rejects.toThrow(/^"itm_zzzz" matches more than 10 items: itm_zzzz000000000000, .*, …; give more of it$/);
  });

  it('refuses prefixes too short to name one item safely, and says what it takes', async () => {
    await expect(findItem(vault, 'itm_abc')).rejects.toThrow('"itm_abc" is too short: give at least 4 characters after itm_');
    await expect(findItem(vault, 'itm_zzzz')).rejects.toThrow(/^no item "itm_zzzz" in the vault: give an item id/);
    await expect(findItem(vault, 'clip.mp4')).rejects.toThrow(/^no item "clip.mp4"/);
  });
});
