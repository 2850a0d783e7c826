import { describe, expect, it } from 'vitest';
import { isTrustedUrl, mainWindowOptions, secureWebPreferences } from '../../../src-main/electron/window-options';
import { buildCsp } from '../../../src-main/services/csp';

describe('the clerk window is hardened', () => {
  it('uses isolated, sandboxed, node-free web preferences', () => {
    const wp = secureWebPreferences('/app/preload.cjs');
    expect(wp).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(mainWindowOptions('/p').webPreferences).toEqual(secureWebPreferences('/p'));
  });

  it('trusts only app://yichuang pages', () => {
    expect(isTrustedUrl('app://yichuang/index.html#/cases')).toBe(true);
    for (const u of ['http://127.0.0.1/index.html', 'app://other/index.html', 'file:///index.html', 'app://yichuang.evil/', '', undefined, 'not a url'])
      expect(isTrustedUrl(u)).toBe(false);
  });

  it('sends a strict CSP: own scripts only, the center as the only network peer', () => {
    const csp = buildCsp('https://center.hebei.gov.cn:8443/api');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("connect-src 'self' https://center.hebei.gov.cn:8443");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(buildCsp('not a url')).toContain("connect-src 'self';");
  });
});
