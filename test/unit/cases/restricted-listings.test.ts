import { describe, expect, it } from 'vitest';
import { RestrictedListings } from '../../../src/cases/search/restricted-listings.js';

describe('restricted incidents listed by a search, logged once', () => {
  it('logs a search once, a later page only for what it adds, and again after a write that failed', async () => {
    const listings = new RestrictedListings(() => 1000);
    const written: string[][] = [];
    const write = async (ids: string[]) => void written.push(ids);
    await listings.logOnce('usr_a', { words: 'beating' }, ['inc_1', 'inc_2'], write);
    await listings.logOnce('usr_a', { words: 'beating' }, ['inc_1', 'inc_2'], write);
    await listings.logOnce('usr_a', { words: 'beating' }, ['inc_2', 'inc_3'], write);
    expect(written).toEqual([['inc_1', 'inc_2'], ['inc_3']]);
    await expect(listings.logOnce('usr_a', { words: 'cell' }, ['inc_4'], () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    await listings.logOnce('usr_a', { words: 'cell' }, ['inc_4'], write);
    expect(written.at(-1)).toEqual(['inc_4']);
  });
});
