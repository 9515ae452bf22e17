import { describe, expect, it } from 'vitest';
import { claimValues, roleForGroups } from './role-mapping.js';

const mapping = { adminGroups: ['sec-admins'], readerGroups: ['sec-readers', 'auditors'] };

describe('role mapping', () => {
  it('grants admin over reader, reader alone, and nothing to unmapped groups', () => {
    expect(roleForGroups(['sec-readers', 'sec-admins'], mapping)).toBe('SecurityAdmin');
    expect(roleForGroups(['dev', 'auditors'], mapping)).toBe('SecurityReader');
    expect(roleForGroups(['dev'], mapping)).toBeNull();
    expect(roleForGroups([], mapping)).toBeNull();
    expect(roleForGroups(['SEC-ADMINS'], mapping)).toBeNull();
  });

  it('reads arrays, single strings, exact dotted names and nested paths, ignoring other shapes', () => {
    expect(claimValues({ groups: ['a', 1, 'b'] }, 'groups')).toEqual(['a', 'b']);
    expect(claimValues({ role: 'a' }, 'role')).toEqual(['a']);
    expect(claimValues({ 'https://x.example/groups': ['a'] }, 'https://x.example/groups')).toEqual([
      'a',
    ]);
    expect(claimValues({ realm_access: { roles: ['r'] } }, 'realm_access.roles')).toEqual(['r']);
    expect(claimValues({ groups: { a: true } }, 'groups')).toEqual([]);
    expect(claimValues({}, 'groups')).toEqual([]);
    expect(claimValues({ realm_access: ['x'] }, 'realm_access.roles')).toEqual([]);
  });
});
