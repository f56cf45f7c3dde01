import { sql, type RawBuilder } from 'kysely';
import type { Viewer } from '../accounts/viewer.js';

/**
 * The SQL condition "this row's compartment is open to the viewer": unrestricted, or one of theirs.
 * Every query that lists, counts or fetches incidents or people goes through it.
 */
export function visibleTo(table: 'incidents' | 'people', viewer: Viewer): RawBuilder<boolean> {
  const column = sql.ref(`${table}.compartment_id`);
  if (viewer.compartments.size === 0) return sql<boolean>`${column} is null`;
  return sql<boolean>`(${column} is null or ${column} in (${sql.join([...viewer.compartments])}))`;
}
