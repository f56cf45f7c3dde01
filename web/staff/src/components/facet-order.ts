import type { FacetName } from '../../../../src/cases/index.js';

/** Years newest first, as a calendar is read; other facets as the search ranks them (most incidents first). */
export function facetOrder<T>(facet: FacetName, values: Array<[string, T]>): Array<[string, T]> {
  return facet === 'year' ? [...values].sort(([a], [b]) => Number(b) - Number(a)) : values;
}
