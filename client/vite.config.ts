import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The client is built into client/dist, which `sway serve` serves at `/` next to the API at `/api`. In development
 * (`npx vite client`), `/api` is proxied to a running `sway serve`: SWAY_API names it, default http://127.0.0.1:8080.
 */
export default defineConfig({
  root,
  base: './',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // sigma and graphology make one large chunk; splitting it would only add requests to the first render.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: {
      '/api': { target: process.env.SWAY_API ?? 'http://127.0.0.1:8080', changeOrigin: true },
    },
  },
});
