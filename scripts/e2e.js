// `npm run test:e2e` (after `npm run build`): the Playwright suite on its own.
import { root, run } from './lib/procs.js';
import path from 'node:path';
process.exit(await run(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', ...process.argv.slice(2)]));
