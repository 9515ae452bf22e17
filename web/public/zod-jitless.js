// zod decides when a schema is defined whether to compile it with `new Function`, after probing
// that eval works; the probe alone is a CSP violation under the BFF's script-src 'self' (no
// 'unsafe-eval', bff/src/lib/security-headers.ts). This classic script runs before the module
// bundle, so zod finds the setting (its global config object) already there.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig || {}, {
  jitless: true,
});
