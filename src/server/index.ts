// The server module's contract: everything other modules may use of it.
export { type ApiError } from './error-mapper.js';
export { type App } from './app-types.js';
