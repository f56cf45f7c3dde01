// The keys module's contract: everything other modules may use of it.
export { createHome } from './create-home.js';
export { Keyring, type UnlockedKeys } from './keyring.js';
