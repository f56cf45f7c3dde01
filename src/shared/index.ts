// What every layer shares: the errors a request can meet, the staff roles and the fixed vocabularies of case
// records. No Node imports: the staff app takes the roles and vocabularies from here.
export * from './errors.js';
export * from './roles.js';
export * from './vocabulary.js';
