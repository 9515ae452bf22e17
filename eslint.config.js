// One lint baseline for every package. Type-aware rules run per package through
// `projectService`, so each package's tsconfig decides what is checked. The dependency rules of
// docs/conventions.md#dependency-direction are enforced here, not left to discipline:
//   - `shared` imports nothing of ours;
//   - the gate's engine (gate/src/engine) imports only `shared` and no Node I/O module;
//   - no web feature imports another feature, and the web's shared layers import no feature;
//   - no import cycles anywhere;
//   - the web imports by `@/` alias, not `../`, keeps query keys in web/src/api, and takes only
//     types from the BFF (docs/decisions/140-portal-data-layer.md).
import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const WEB_FEATURES = [
  'admission-monitoring',
  'audit-log',
  'environment-settings',
  'rule-details',
  'security-rules',
];

/** Node modules that do I/O or read the process: the pure engine must not reach them. */
const IO_MODULES = [
  'fs',
  'fs/promises',
  'net',
  'tls',
  'http',
  'https',
  'http2',
  'dns',
  'child_process',
  'worker_threads',
  'process',
  'os',
].flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/.cache/**',
      '**/node_modules/**',
      '**/coverage/**',
      '**/*.config.*',
      'web/public/**',
      'scripts/**',
      'e2e/test-results/**',
      'e2e/playwright-report/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    plugins: { 'import-x': importX },
    languageOptions: { parserOptions: { projectService: true } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    settings: {
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Env is parsed once per package in env.ts.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through env.ts.' },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
    },
  },
  {
    files: ['**/env.ts', '**/*.test.ts', '**/*.test.tsx', '**/bench/**', 'e2e/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    files: ['shared/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@gated/*'],
              message: '`shared` is the bottom layer: it imports nothing of ours.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['gate/src/engine/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: IO_MODULES.map((name) => ({
            name,
            message: 'The engine is pure: no I/O. Pass what it needs in from the caller.',
          })),
          patterns: [
            {
              group: ['@gated/*', '!@gated/shared', '!@gated/shared/*'],
              message: 'The engine imports only `shared`.',
            },
          ],
        },
      ],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: './gate/src/engine',
              from: './gate/src',
              except: ['./engine'],
              message: 'The engine imports only `shared` (and itself), never the gate around it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The admission hot path (decision 160): on Node 20's V8, `{ ...a, b: 1 }` (a spread followed by
    // more properties) builds a fresh hidden class on every call, microseconds each; a plain literal
    // or `{ ...a }` alone does not. Engine, admission and events code spells the fields out.
    files: [
      'gate/src/engine/**/*.ts',
      'gate/src/admission/**/*.ts',
      'gate/src/events/**/*.ts',
      'gate/src/findings/cache.ts',
    ],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ObjectExpression > SpreadElement ~ Property',
          message:
            'A property after a spread rebuilds the object shape on every call (decision 160): list the fields, or put the spread last.',
        },
        {
          selector:
            'ObjectExpression > SpreadElement:not([argument.type="ConditionalExpression"]) ~ SpreadElement',
          message:
            'Spreading an object and then more into it rebuilds the shape on every call (decision 160): list the fields.',
        },
      ],
    },
  },
  {
    // Engine tests build their inputs with the gate's one set of test builders (gate/src/testing).
    files: ['gate/src/engine/**/*.test.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: './gate/src/engine',
              from: './gate/src',
              except: ['./engine', './testing'],
              message: 'Engine tests import the engine, `shared` and the test builders only.',
            },
          ],
        },
      ],
    },
  },
  {
    // One way to open a transaction (bff/src/store/transaction.ts) and no double casts: drizzle's
    // transaction is already a Db, so a cast would only hide a real type error.
    files: ['bff/src/**'],
    ignores: ['bff/src/store/transaction.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='transaction']",
          message: 'Open transactions with inTransaction() from bff/src/store/transaction.ts.',
        },
        {
          selector: 'TSAsExpression > TSAsExpression[typeAnnotation.type="TSUnknownKeyword"]',
          message: 'No `as unknown as` casts: parse (zod) or fix the type.',
        },
      ],
    },
  },
  {
    files: ['web/src/**'],
    ignores: ['web/src/api/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "Property[key.name='queryKey'] > ArrayExpression, Property[key.name='queryKey'] > TSAsExpression > ArrayExpression",
          message:
            'Query keys are defined once, in web/src/api/<resource>.ts: use its keys or factory.',
        },
      ],
    },
  },
  {
    files: ['web/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '..'],
              message: 'Import from a parent folder by the `@/` alias (web/src), not `../`.',
            },
            {
              group: ['@gated/bff', '@gated/bff/*'],
              allowTypeImports: true,
              message:
                'The portal takes only types from the BFF (`import type { AppType }`); its code runs on the server.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['web/src/**'],
    plugins: { 'react-hooks': reactHooks, 'jsx-a11y': jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // The portal does not run the React Compiler; this rule only reports what it would skip.
      'react-hooks/incompatible-library': 'off',
      ...jsxA11y.flatConfigs.recommended.rules,
      // Fluent's Dialog and the sign-in form set initial focus with `autoFocus` on components.
      'jsx-a11y/no-autofocus': ['error', { ignoreNonDOM: true }],
      // A scrollable region must be reachable by keyboard (WCAG 2.1.1), as a named region.
      'jsx-a11y/no-noninteractive-tabindex': ['error', { tags: [], roles: ['tabpanel', 'region'] }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            // Features never import each other: what two features share moves down a layer.
            ...WEB_FEATURES.map((feature) => ({
              target: `./web/src/features/${feature}`,
              from: './web/src/features',
              except: [`./${feature}`],
              message: 'A feature does not import another feature; move the shared part down.',
            })),
            // Shared layers sit below features and the app shell.
            ...['components', 'lib', 'config', 'api'].map((layer) => ({
              target: `./web/src/${layer}`,
              from: ['./web/src/features', './web/src/app'],
              message: 'Shared layers import no feature and not the app shell.',
            })),
            {
              target: './web/src/features',
              from: './web/src/app',
              message: 'Features do not import the app shell.',
            },
          ],
        },
      ],
    },
  },
);
