// What every layer shares: the errors a request can meet and the staff roles. No Node imports: the staff
// app takes the roles from here.
export * from './errors.js';
export * from './roles.js';
