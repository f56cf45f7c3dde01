/**
 * The case records' schemas, for the server's routes and the staff app's types. The staff app imports
 * this file (types only): keep it free of anything that needs Node.
 */
export * from './case-schemas.js';
export * from './case-views.js';
export * from './vocabulary.js';
