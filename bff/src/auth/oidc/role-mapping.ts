/**
 * Which role a provider's groups or roles claim grants. Admin groups win over reader groups; no
 * mapped group means no access (docs/decisions/110-single-sign-on.md).
 */
import type { Role } from '@gated/shared';

/**
 * The claim's values: an exact top-level name first (Auth0-style claim names are URLs with dots),
 * then a dotted path (`realm_access.roles`). A single string counts as one value; other shapes, none.
 */
export function claimValues(claims: Record<string, unknown>, name: string): string[] {
  let value: unknown = claims[name];
  if (value === undefined && name.includes('.')) {
    value = claims;
    for (const part of name.split('.')) {
      value =
        value && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)[part]
          : undefined;
    }
  }
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

/** The role for these groups; null when none is mapped. Group names compare exactly (case matters). */
export function roleForGroups(
  groups: readonly string[],
  mapping: { adminGroups: readonly string[]; readerGroups: readonly string[] },
): Role | null {
  if (groups.some((g) => mapping.adminGroups.includes(g))) return 'SecurityAdmin';
  if (groups.some((g) => mapping.readerGroups.includes(g))) return 'SecurityReader';
  return null;
}
