import { describe, expect, it } from 'vitest';
import type { BrowserWindowConstructorOptions } from 'electron';
import { createMainWindow, isTrustedUrl } from '../../../src-main/electron/window-options';
import { buildCsp } from '../../../src-main/services/csp';

describe('the clerk window is hardened', () => {
  it('uses isolated, sandboxed, node-free web preferences', () => {
    let seen: BrowserWindowConstructorOptions | undefined;
    class FakeWindow {
      constructor(o: BrowserWindowConstructorOptions) {
        seen = o;
      }
    }
    expect(createMainWindow(FakeWindow, '/app/preload.cjs')).toBeInstanceOf(FakeWindow);
    const wp = seen?.webPreferences;
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
      disableBlinkFeatures: 'Auxclick',
    });
    expect(wp).not.toHaveProperty('enableRemoteModule');
    expect(seen?.show).toBe(false);
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
