/**
 * The case records' contract: incidents, acts, people, facilities, interventions, evidence links and their
 * search; the schemas of their routes. The staff app imports this file for types only.
 */
export * from './case-schemas.js';
export * from './case-views.js';
export { type Cases } from './open-cases.js';
export { IncidentFollows, type FollowedChange } from './incident-follows.js';
