/**
 * The staff roles: the one list of them. Accounts builds its TypeBox union (`Role` in account-schemas.ts)
 * and its permissions from it; the database schema types the users table's column with it.
 */
export const ROLES = ['admin', 'investigator', 'editor', 'viewer'] as const;
export type RoleName = (typeof ROLES)[number];
