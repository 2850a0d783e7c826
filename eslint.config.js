// ESLint flat config. The import-direction rules below are the layering of
// shared/ARCHITECTURE.md: src-shared is pure; main, renderer and center may import
// src-shared but never each other; the renderer never touches electron or node. src-ui is
// the browser UI the two web apps (renderer, console) share: src-shared only, used by those two.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_') && !m.startsWith('node:'));
const msg = (what) => `layering (shared/ARCHITECTURE.md): ${what}`;

const crossImports = {
  main: { group: ['**/src-main', '**/src-main/**'], message: msg('only src-main imports src-main') },
  renderer: { group: ['**/src-renderer', '**/src-renderer/**'], message: msg('only src-renderer imports src-renderer') },
  center: { group: ['**/src-center', '**/src-center/**'], message: msg('only src-center imports src-center') },
  node: { group: ['**/src-node', '**/src-node/**'], message: msg('src-node is Node-only: for src-main and src-center') },
  console: { group: ['**/src-console', '**/src-console/**'], message: msg('only src-console imports src-console') },
  ui: { group: ['**/src-ui', '**/src-ui/**'], message: msg('src-ui is browser UI: for src-renderer and src-console') },
};
const noElectron = { name: 'electron', message: msg('electron is for src-main/electron only') };
const noNode = nodeBuiltins.map((name) => ({ name, message: msg('no Node built-ins here') }));
const noNodePrefixed = { group: ['node:*'], message: msg('no Node built-ins here') };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'data/**', 'test-results/**', 'playwright-report/**', 'coverage/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src-shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode, { name: 'react', message: msg('src-shared is pure: no UI') }, { name: 'dexie', message: msg('src-shared is pure: no storage') }],
          patterns: [
            noNodePrefixed,
            crossImports.main,
            crossImports.renderer,
            crossImports.center,
            crossImports.node,
            crossImports.console,
            crossImports.ui,
            { group: ['react-dom', 'react-dom/*', 'fastify', '@fastify/*', 'pg', '@electric-sql/*', 'pdf-lib', 'node-forge'], message: msg('src-shared imports nothing environment-specific') },
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { paths: [noElectron, ...noNode], patterns: [noNodePrefixed, crossImports.main, crossImports.center, crossImports.node, crossImports.console] }],
    },
  },
  {
    // The department console (a web page the center serves): src-shared only, like the renderer.
    files: ['src-console/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        { paths: [noElectron, ...noNode], patterns: [noNodePrefixed, crossImports.main, crossImports.renderer, crossImports.center, crossImports.node] },
      ],
    },
  },
  {
    // Browser UI the two web apps share (theme, error boundary, header, base CSS): src-shared only.
    files: ['src-ui/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [noElectron, ...noNode],
          patterns: [noNodePrefixed, crossImports.main, crossImports.renderer, crossImports.center, crossImports.node, crossImports.console],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [crossImports.renderer, crossImports.center, crossImports.console, crossImports.ui] }] },
  },
  {
    // Services are plain Node modules, testable without Electron.
    files: ['src-main/services/**/*.ts', 'src-main/browser-host/**/*.ts', 'src-main/cli/**/*.ts', 'src-main/clerk-handlers.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [crossImports.renderer, crossImports.center, crossImports.console, crossImports.ui] }] },
  },
  {
    // Node code both the window's main process and the center use (PKI, PDF, CMS).
    files: ['src-node/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [crossImports.main, crossImports.renderer, crossImports.center, crossImports.console, crossImports.ui] }] },
  },
  {
    files: ['src-center/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron], patterns: [crossImports.main, crossImports.renderer, crossImports.console, crossImports.ui] }] },
  },
  {
    files: ['scripts/**/*.js', 'bin/**/*.js', '*.config.js'],
    languageOptions: { globals: globals.node },
  },
);
