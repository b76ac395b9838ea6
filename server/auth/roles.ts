/**
 * Roles, from least to most trusted: a viewer reads, an analyst also runs advocate plans and re-scoring, an admin also
 * imports data, erases people and manages tokens. Each role includes everything the ones before it may do.
 */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** True when `held` may do what `needed` may. */
export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}
