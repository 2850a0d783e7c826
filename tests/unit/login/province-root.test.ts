/**
 * The province root of an installation: packaged builds read the one shipped in
 * resourcesPath (electron-builder extraResources), the environment overrides, development
 * keeps the demo PKI; and the packaging hook ships only a root CA certificate, never a key.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { resolveProvinceRoot } from '../../../src-main/services/session';
import { demoPki, tempDir, type DemoPki } from '../pades/helpers';

// @ts-expect-error -- a plain JS build script (electron-builder hook), no declarations
import * as hookModule from '../../../scripts/province-root.js';

const root = path.resolve(import.meta.dirname, '../../..');
const hook = hookModule as unknown as {
  beforePack(context: { packager: { projectDir: string } }): Promise<void>;
  provinceRootPem(o: { env: NodeJS.ProcessEnv; projectDir: string }): { pem: string; source: string; count: number };
};

let pki: DemoPki;
beforeAll(async () => {
  pki = await demoPki();
}, 120_000);
afterAll(() => pki?.cleanup());

describe('resolveProvinceRoot', () => {
  const dev = '/work/app/data/pki/root.pem';

  it('a packaged build trusts the root shipped in resourcesPath, for sync and for signatures', () => {
    const resourcesPath = tempDir('yc-res-');
    writeFileSync(path.join(resourcesPath, 'province-root.pem'), pki.rootPem);
    const r = resolveProvinceRoot({ env: {}, packaged: true, resourcesPath, devRootFile: dev });
    expect(r).toEqual({ provinceRootFile: path.join(resourcesPath, 'province-root.pem'), trustRootFile: path.join(resourcesPath, 'province-root.pem'), source: 'packaged' });
  });

  it('the environment overrides the shipped root', () => {
    const resourcesPath = tempDir('yc-res-');
    writeFileSync(path.join(resourcesPath, 'province-root.pem'), pki.rootPem);
    const r = resolveProvinceRoot({ env: { YICHUANG_PROVINCE_ROOT: '/etc/yc/root.pem', YICHUANG_TRUST_ROOT: '/etc/yc/trust.pem' }, packaged: true, resourcesPath, devRootFile: dev });
    expect(r).toMatchObject({ provinceRootFile: '/etc/yc/root.pem', trustRootFile: '/etc/yc/trust.pem', source: 'env' });
    expect(r.warning).toBeUndefined();
  });

  it('a packaged build without a shipped root says so, and never falls back to the demo PKI', () => {
    const resourcesPath = tempDir('yc-res-');
    const r = resolveProvinceRoot({ env: {}, packaged: true, resourcesPath, devRootFile: dev });
    expect(r.provinceRootFile).toBe(path.join(resourcesPath, 'province-root.pem'));
    expect(r.trustRootFile).toBeUndefined();
    expect(r.warning).toMatch(/安装包中没有省级根证书/);
  });

  it('development keeps the demo root for sync and an unpinned signing root, unless the environment says otherwise', () => {
    expect(resolveProvinceRoot({ env: {}, packaged: false, resourcesPath: '/opt/electron/resources', devRootFile: dev })).toEqual({ provinceRootFile: dev, trustRootFile: undefined, source: 'development' });
    expect(resolveProvinceRoot({ env: { YICHUANG_TRUST_ROOT: 'root.pem' }, packaged: false, devRootFile: dev })).toMatchObject({
      provinceRootFile: dev,
      trustRootFile: path.resolve('root.pem'),
      source: 'env',
    });
  });
});

describe('packaging ships the province root', () => {
  it('electron-builder.yml copies resources/province-root.pem to the resources directory through the hook', () => {
    const cfg = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8'));
    expect(cfg.extraResources).toContainEqual({ from: 'resources/province-root.pem', to: 'province-root.pem' });
    expect(cfg.beforePack).toBe('./scripts/province-root.js');
  });

  it('the hook takes YICHUANG_PROVINCE_ROOT_PEM and writes resources/province-root.pem', async () => {
    const projectDir = tempDir('yc-pack-');
    mkdirSync(path.join(projectDir, 'resources'));
    const prev = process.env.YICHUANG_PROVINCE_ROOT_PEM;
    process.env.YICHUANG_PROVINCE_ROOT_PEM = path.join(pki.dir, 'root.pem');
    try {
      await hook.beforePack({ packager: { projectDir } });
    } finally {
      if (prev === undefined) delete process.env.YICHUANG_PROVINCE_ROOT_PEM;
      else process.env.YICHUANG_PROVINCE_ROOT_PEM = prev;
    }
    expect(readFileSync(path.join(projectDir, 'resources/province-root.pem'), 'utf8').trim()).toBe(pki.rootPem.trim());
  });

  it('refuses no root, a key, and a certificate that is not a root CA', () => {
    const projectDir = tempDir('yc-pack-');
    expect(() => hook.provinceRootPem({ env: {}, projectDir })).toThrow(/缺少省级根证书.*YICHUANG_PROVINCE_ROOT_PEM/);
    const keyPem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----\n';
    expect(() => hook.provinceRootPem({ env: { YICHUANG_PROVINCE_ROOT_PEM: pki.rootPem + keyPem }, projectDir })).toThrow(/含有私钥/);
    const clerk = pki.manifest.entries.find((e) => e.id === 'clerk:c-130102-01-1')!;
    const clerkPem = readFileSync(path.join(pki.dir, clerk.cert), 'utf8');
    expect(() => hook.provinceRootPem({ env: { YICHUANG_PROVINCE_ROOT_PEM: clerkPem }, projectDir })).toThrow(/不是自签名的根 CA 证书/);
    expect(hook.provinceRootPem({ env: { YICHUANG_PROVINCE_ROOT_PEM: pki.rootPem }, projectDir }).count).toBe(1);
  });
});
