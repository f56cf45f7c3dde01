import { describe, expect, it } from 'vitest';
import { facetOrder } from '../../../web/staff/src/components/facet-order.js';

describe('the order of facet values', () => {
  it('puts years newest first, whatever order the counts gave', () => {
    expect(
      facetOrder('year', [
        ['2025', 3],
        ['2023', 2],
        ['2024', 1],
      ]).map(([y]) => y),
    ).toEqual(['2025', '2024', '2023']);
  });

  it('keeps the search ranking for every other facet', () => {
    const regions: Array<[string, number]> = [
      ['Саратовская область', 3],
      ['Москва', 5],
    ];
    expect(facetOrder('region', regions)).toEqual(regions);
  });
});
