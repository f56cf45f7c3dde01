export { openDatabase, openKysely, type Db, type OpenDatabase } from './database.js';
export { newId } from './ids.js';
export { afterCommit, AfterCommitError, currentExecutor, inTransaction, runInTransaction, UnitOfWork, type AfterCommit } from './unit-of-work.js';
