export * from '../../bench/intake-client.js';
