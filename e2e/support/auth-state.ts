import path from 'node:path';

/** Where the setup project leaves each role's signed-in browser state (git-ignored). */
export const AUTH_STATE = {
  admin: path.join(import.meta.dirname, '..', '.auth', 'admin.json'),
  reader: path.join(import.meta.dirname, '..', '.auth', 'reader.json'),
} as const;
