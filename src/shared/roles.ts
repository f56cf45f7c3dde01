/**
 * The staff roles and what each may do: the one list of them, with no imports, so that the staff app can
 * take it as it is. Accounts builds its TypeBox union (`Role` in account-schemas.ts) from `ROLES`; the
 * database schema types the users table's column with `RoleName`; a route names the permission it needs.
 */
export const ROLES = ['admin', 'investigator', 'editor', 'viewer'] as const;
export type RoleName = (typeof ROLES)[number];

export const PERMISSIONS = {
  read: ['admin', 'investigator', 'editor', 'viewer'],
  edit: ['admin', 'investigator', 'editor'],
  delete: ['admin', 'investigator'],
  restrict: ['admin', 'investigator'],
  viewEvidence: ['admin', 'investigator', 'editor'],
  importRecords: ['admin', 'investigator'],
  exportRecords: ['admin', 'investigator', 'editor'],
  intake: ['admin', 'investigator'],
  manage: ['admin'],
} as const satisfies Record<string, readonly RoleName[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: RoleName, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly RoleName[]).includes(role);
}
