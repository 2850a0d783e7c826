// The packaging config says what the brief asks of it: targets, identity, fuses.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../../..');
const cfg = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));

describe('electron-builder.yml', () => {
  it('names the product and app id', () => {
    expect(cfg.productName).toBe('一窗受理');
    expect(cfg.appId).toMatch(/yichuang/);
  });
  it('builds nsis x64 for Windows and deb + AppImage for x64 and arm64 on Linux', () => {
    expect(cfg.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    for (const t of ['deb', 'AppImage']) expect(cfg.linux.target).toContainEqual({ target: t, arch: ['x64', 'arm64'] });
  });
  it('hardens the fuses', () => {
    expect(cfg.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });
  it('ships only built output, never sources or data', () => {
    expect(cfg.files).toContain('dist/main/**/*');
    expect(cfg.files).toContain('dist/renderer/**/*');
    expect(cfg.files.join(' ')).not.toMatch(/src-|data\//);
  });
});
