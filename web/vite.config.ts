import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { defineConfig, type Plugin } from 'vite';

const require = createRequire(import.meta.url);

/** Syria and its neighbours (ISO 3166 numeric ids in Natural Earth), the only basemap the app ships. */
const basemapCountries = new Set(['760', '792', '368', '400', '422', '376', '275', '196']);

/**
 * Emits basemap.geojson at build time from Natural Earth 1:10m (world-atlas), so the map needs
 * no tile server: the app works on a closed network and offline.
 */
function offlineBasemap(): Plugin {
  return {
    name: 'tally-offline-basemap',
    generateBundle() {
      const topology = JSON.parse(
        readFileSync(require.resolve('world-atlas/countries-10m.json'), 'utf8'),
      ) as Topology<{ countries: GeometryCollection<{ name: string }> }>;
      const all = feature(topology, topology.objects.countries);
      const round = (value: unknown): unknown =>
        Array.isArray(value)
          ? value.map(round)
          : typeof value === 'number'
            ? Math.round(value * 1e4) / 1e4
            : value;
      const features = all.features
        .filter((f) => basemapCountries.has(String(f.id)))
        .map((f) => ({
          type: 'Feature',
          id: Number(f.id),
          properties: { name: f.properties.name, focus: String(f.id) === '760' },
          geometry: {
            ...f.geometry,
            coordinates: round((f.geometry as { coordinates: unknown }).coordinates),
          },
        }));
      this.emitFile({
        type: 'asset',
        fileName: 'basemap.geojson',
        source: JSON.stringify({ type: 'FeatureCollection', features }),
      });
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  // Preact's automatic JSX runtime (Vite 8 transforms TSX with oxc).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    alias: { react: 'preact/compat', 'react-dom': 'preact/compat' },
  },
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      input: {
        main: fileURLToPath(new URL('index.html', import.meta.url)),
        sw: fileURLToPath(new URL('src/field/sw.ts', import.meta.url)),
      },
      // The service worker must keep a fixed address at the root (its scope is the whole app).
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  plugins: [offlineBasemap()],
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
