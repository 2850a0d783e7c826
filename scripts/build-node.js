// Bundles the Electron main process and preload with esbuild (CommonJS: a sandboxed
// preload cannot be an ES module). The center and the CLI run from TypeScript via tsx.
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  external: ['electron'],
  logLevel: 'warning',
};

await Promise.all([
  build({ ...common, entryPoints: ['src-main/electron/main.ts'], outfile: 'dist/main/electron/main.cjs' }),
  build({ ...common, entryPoints: ['src-main/electron/preload.ts'], outfile: 'dist/main/electron/preload.cjs' }),
]);
console.log('built dist/main/electron/{main,preload}.cjs');
