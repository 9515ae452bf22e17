import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Screens are split by the lazy routes in src/app/router.tsx; the chunk groups below keep the
// heavy, rarely-changing vendors in their own cacheable files.
export default defineConfig({
  plugins: [react()],
  // `@/x` is `src/x` (tsconfig.json's paths say the same to tsc and ESLint); tests read the
  // shared catalogue excerpts as raw files (`?raw` modules are typed by vite/client).
  resolve: {
    alias: [
      { find: /^@\//, replacement: fileURLToPath(new URL('./src/', import.meta.url)) },
      {
        find: /^@catalogue-fixtures\//,
        replacement: fileURLToPath(new URL('../shared/src/catalogues/fixtures/', import.meta.url)),
      },
    ],
  },
  build: {
    outDir: 'dist',
    // scripts/report-bundle.mjs reads the manifest to size what sign-in + the first screen load.
    manifest: true,
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // @gated/shared is one barrel and `yaml` does not declare itself side-effect free; without
      // this, the YAML parser (~60 KB gzip, used only by policy-as-code screens) lands on sign-in.
      treeshake: {
        moduleSideEffects: (id: string) =>
          !/[\\/](shared[\\/]dist|node_modules[\\/](\.pnpm[\\/])?yaml)[\\/@]/.test(id),
      },
      output: {
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
            },
            { name: 'uplot', test: /node_modules[\\/]uplot[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': { target: 'http://127.0.0.1:8080', changeOrigin: false } },
  },
});
