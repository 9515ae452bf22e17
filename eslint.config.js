// One lint baseline for every package (docs/conventions.md#tooling-baseline). Type-aware rules run
// per package through `projectService`, so each package's tsconfig decides what is checked.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
    languageOptions: { parserOptions: { projectService: true } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Env is parsed once per package in env.ts (docs/conventions.md#env-read-once).
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through env.ts.' },
      ],
    },
  },
  {
    files: ['**/env.ts', '**/*.test.ts', '**/*.test.tsx', '**/bench/**', 'e2e/**'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
