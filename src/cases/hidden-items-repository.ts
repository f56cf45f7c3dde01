import { sql, type QueryCreator } from 'kysely';
import type { Db } from '../db/index.js';
import type { VigilDatabase } from '../db/index.js';
import { DERIVED_PREFIX } from '../vault/index.js';

/** The schema with the common table expressions `withHiddenItems` adds. */
export type WithHidden = VigilDatabase & {
  own_hidden: { item_id: string };
  held_hidden: { item_id: string };
  inside_hidden: { item_id: string };
  inside_held: { item_id: string };
  derived_hidden: { item_id: string };
  hidden_items: { item_id: string };
};

/**
 * Queries that start with `hidden_items(item_id)`: the vault items a person in `compartments` may not
 * see. An archive entry is tied to the archive it was found in by its source: the entry's `file_path`
 * is the archive's `location` on disk. Three rules, evaluated on every query so that nothing an
 * ingest adds later escapes them:
 * - own: the item is restricted (item_restrictions) to a compartment outside `compartments`;
 * - holding: the item is an archive that holds a hidden item, at any depth (its bytes hold the
 *   hidden item's bytes);
 * - inside: the item was found inside an archive hidden by the first rule (restricted as a whole), and
 *   every other place it was found is inside an archive hidden by the first two (it is part of the
 *   restricted archive; one also found loose, or in an archive the viewer may see, is not). A file
 *   found only in archives hidden for holding something else stays visible on its own.
 * - derived: the item is a view made of a hidden item (a poster, a proxy, a cleaned copy: its source path is
 *   `derived:ORIGINAL`), from the moment it is stored, and so are the views made of such a view in turn. A derived source is no place an item was found: it
 *   neither holds nor counts as "elsewhere" for the inside rule (a cleaned copy identical to its original
 *   adds one to the original).
 * Several compartments on one item therefore mean: visible only to members of all of them.
 *
 * "Inside" needs "every other place", a negation, which SQL does not allow inside a recursion; it is
 * one step after the holding closure instead. One step reaches the fixpoint because an item found only
 * inside archives holds no recorded entries of its own (an archive inside an archive is stored, not
 * expanded); the holding closure is taken again over what it adds, for archives that share a path.
 */
export function withHiddenItems(db: Db, compartments: ReadonlySet<string>): QueryCreator<WithHidden> {
  const outside = [...compartments];
  return (
    db
      .withRecursive('own_hidden', (qc) => {
        const query = qc.selectFrom('item_restrictions').select('item_restrictions.item_id').distinct();
        return outside.length === 0 ? query : query.where('item_restrictions.compartment_id', 'not in', outside);
      })
      .withRecursive('held_hidden(item_id)', (qc) =>
        qc
          .selectFrom('own_hidden')
          .select('own_hidden.item_id')
          .union(
            qc
              .selectFrom('held_hidden')
              .innerJoin('item_sources as entry', 'entry.item_id', 'held_hidden.item_id')
              .innerJoin('item_sources as archive', 'archive.location', 'entry.file_path')
              .select('archive.item_id')
              .where('entry.entry_path', 'is not', null),
          ),
      )
      .withRecursive('inside_hidden', (qc) =>
        qc
          .selectFrom('item_sources as entry')
          .select('entry.item_id')
          .distinct()
          // IN rather than a join: the engine then starts from the few restricted archives, not every source.
          .where('entry.file_path', 'in', (eb) =>
            eb
              .selectFrom('item_sources as archive')
              .select('archive.location')
              .where('archive.item_id', 'in', eb.selectFrom('own_hidden').select('own_hidden.item_id')),
          )
          .where('entry.entry_path', 'is not', null)
          .where((eb) =>
            eb.not(
              eb.exists(
                eb
                  .selectFrom('item_sources as elsewhere')
                  .select(sql.lit(1).as('found'))
                  .whereRef('elsewhere.item_id', '=', 'entry.item_id')
                  .where('elsewhere.file_path', 'not like', `${DERIVED_PREFIX}%`)
                  .where((inner) =>
                    inner.or([
                      inner('elsewhere.entry_path', 'is', null),
                      inner.not(
                        inner.exists(
                          inner
                            .selectFrom('item_sources as holder')
                            .innerJoin('held_hidden as hidden', 'hidden.item_id', 'holder.item_id')
                            .select(sql.lit(1).as('found'))
                            .whereRef('holder.location', '=', 'elsewhere.file_path'),
                        ),
                      ),
                    ]),
                  ),
              ),
            ),
          ),
      )
      // The holding rule again, from what "inside" adds: archives that share a path with a hidden one.
      .withRecursive('inside_held(item_id)', (qc) =>
        qc
          .selectFrom('inside_hidden')
          .select('inside_hidden.item_id')
          .union(
            qc
              .selectFrom('inside_held')
              .innerJoin('item_sources as entry', 'entry.item_id', 'inside_held.item_id')
              .innerJoin('item_sources as archive', 'archive.location', 'entry.file_path')
              .select('archive.item_id')
              .where('entry.entry_path', 'is not', null),
          ),
      )
      // Views are never archives. A view may be byte for byte another item that has views of its own (a cleaned
      // copy identical to a file also found loose): hidden with the view, its views are hidden too.
      .withRecursive('derived_hidden(item_id)', (qc) =>
        qc
          .selectFrom('item_sources as view')
          .select('view.item_id')
          .where('view.file_path', 'like', `${DERIVED_PREFIX}%`)
          .where((eb) =>
            eb.or([
              eb(
                sql<string>`substr(${sql.ref('view.file_path')}, ${sql.lit(DERIVED_PREFIX.length + 1)})`,
                'in',
                eb.selectFrom('held_hidden').select('held_hidden.item_id'),
              ),
              eb(
                sql<string>`substr(${sql.ref('view.file_path')}, ${sql.lit(DERIVED_PREFIX.length + 1)})`,
                'in',
                eb.selectFrom('inside_held').select('inside_held.item_id'),
              ),
            ]),
          )
          .union(
            qc
              .selectFrom('item_sources as view')
              .innerJoin('derived_hidden as original', (join) =>
                join.on(sql<string>`substr(${sql.ref('view.file_path')}, ${sql.lit(DERIVED_PREFIX.length + 1)})`, '=', sql.ref('original.item_id')),
              )
              .select('view.item_id')
              .where('view.file_path', 'like', `${DERIVED_PREFIX}%`),
          ),
      )
      .withRecursive('hidden_items', (qc) =>
        qc
          .selectFrom('held_hidden')
          .select('held_hidden.item_id')
          .union(qc.selectFrom('inside_held').select('inside_held.item_id'))
          .union(qc.selectFrom('derived_hidden').select('derived_hidden.item_id')),
      )
  );
}
