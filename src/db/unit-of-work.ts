import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, Transaction } from 'kysely';
import type { Db } from './database.js';
import { VigilError } from '../shared/index.js';

/** A hook that runs once the unit of work has committed; never after a rollback. */
export type AfterCommit = () => Promise<void> | void;

interface OpenUnit {
  root: Kysely<unknown>;
  trx: Transaction<unknown>;
  afterCommit: AfterCommit[];
}

/** After-commit hooks failed; the unit of work itself did commit. */
export class AfterCommitError extends VigilError {
  override name = 'AfterCommitError';
  readonly code = 'after-commit-failed';
  constructor(
    readonly errors: unknown[],
    message: string,
  ) {
    super(message);
  }
}

const ambient = new AsyncLocalStorage<OpenUnit>();

function openUnitOf(root: Kysely<unknown>): OpenUnit | undefined {
  const unit = ambient.getStore();
  return unit && unit.root === root ? unit : undefined;
}

/**
 * Where a query on `db` should run: the transaction a caller opened on that same database with
 * `runInTransaction`, or `db` itself. Repositories ask this at every query rather than holding `db`,
 * so that a service can make one edit, its audit row and its search terms commit or roll back together.
 */
export function currentExecutor<DB>(db: Kysely<DB>): Kysely<DB> {
  return (openUnitOf(db as Kysely<unknown>)?.trx as Transaction<DB> | undefined) ?? db;
}

/**
 * Runs `work` in a transaction on `db`, or inside the one already open on it (Kysely cannot nest
 * transactions): everything `work` does through `currentExecutor(db)` commits or rolls back at once.
 * Hooks registered with `afterCommit` run after the outermost transaction commits, outside it.
 */
export async function runInTransaction<DB, T>(db: Kysely<DB>, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  const root = db as Kysely<unknown>;
  const open = openUnitOf(root);
  if (open) return work(open.trx as Transaction<DB>);
  const hooks: AfterCommit[] = [];
  const result = await db.transaction().execute((trx) => ambient.run({ root, trx: trx as Transaction<unknown>, afterCommit: hooks }, () => work(trx)));
  await runHooks(hooks);
  return result;
}

/**
 * Defers `hook` until the transaction open on `db` commits, or runs it now when none is open. For
 * state outside the database (the in-memory search index) that must reflect only committed rows.
 */
export async function afterCommit<DB>(db: Kysely<DB>, hook: AfterCommit): Promise<void> {
  const open = openUnitOf(db as Kysely<unknown>);
  if (open) open.afterCommit.push(hook);
  else await hook();
}

async function runHooks(hooks: AfterCommit[]): Promise<void> {
  const failures: unknown[] = [];
  // Outside the ambient store: a hook's queries must not reach for the committed transaction.
  await ambient.exit(async () => {
    for (const hook of hooks) {
      try {
        await hook();
      } catch (error) {
        failures.push(error);
      }
    }
  });
  if (failures.length > 0) throw new AfterCommitError(failures, 'the edit was saved, but updating what follows it failed');
}

/** Whether a transaction is open on `db` in this asynchronous context. */
export function inTransaction<DB>(db: Kysely<DB>): boolean {
  return openUnitOf(db as Kysely<unknown>) !== undefined;
}

/** The unit-of-work calls bound to one database, for services that do not hold the database itself. */
export class UnitOfWork {
  constructor(private readonly db: Db) {}

  /** See `runInTransaction`. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return runInTransaction(this.db, () => work());
  }

  /** See `afterCommit`. */
  afterCommit(hook: AfterCommit): Promise<void> {
    return afterCommit(this.db, hook);
  }
}
