#!/usr/bin/env node
// `yichuang` command: runs the TypeScript CLI through tsx, so it works right after
// `npm install` without a build step (npx yichuang pki demo DIR).
import { register } from 'tsx/esm/api';

register();
const { main, ignoreBrokenPipe } = await import('../src-main/cli/yichuang.ts');
ignoreBrokenPipe();
process.exitCode = await main(process.argv.slice(2));
