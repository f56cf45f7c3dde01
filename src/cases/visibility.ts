import { sql, type RawBuilder } from 'kysely';
import type { Viewer } from '../accounts/index.js';

/**
 * The SQL condition "this row's compartment is open to the viewer": unrestricted, or one of theirs.
 * Every query that lists, counts or fetches incidents or people goes through it.
 */
export function visibleTo(table: 'incidents' | 'people', viewer: Viewer): RawBuilder<boolean> {
  const column = sql.ref(`${table}.compartment_id`);
  if (viewer.compartments.size === 0) return sql<boolean>`${column} is null`;
  return sql<boolean>`(${column} is null or ${column} in (${sql.join([...viewer.compartments])}))`;
}

/** The opposite: a restricted row in a compartment the viewer is not in. */
export function hiddenFrom(table: 'incidents' | 'people', viewer: Viewer): RawBuilder<boolean> {
  return sql<boolean>`not (${visibleTo(table, viewer)})`;
}

/** Ids in groups small enough for one `in (…)` on either engine. */
export function chunks<T>(values: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += size) out.push(values.slice(i, i + size));
  return out;
}
