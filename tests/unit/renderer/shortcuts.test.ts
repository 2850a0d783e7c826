import { describe, expect, it } from 'vitest';
import { SECTIONS } from '../../../src-renderer/app/routes';
import { shortcutFor } from '../../../src-renderer/app/shortcuts';

const key = (k: Partial<Parameters<typeof shortcutFor>[0]>) =>
  shortcutFor({ key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, target: null, ...k });
const input = (type = 'text') => ({ tagName: 'INPUT', type, isContentEditable: false }) as unknown as EventTarget;

describe('keyboard shortcuts', () => {
  it('Alt+1..Alt+5 go to 受理, 办件, 出件, 统计, 设置', () => {
    expect(SECTIONS.map((s) => s.key)).toEqual(['intake', 'cases', 'results', 'stats', 'settings']);
    expect(key({ altKey: true, code: 'Digit1', key: '1' })).toEqual({ kind: 'section', path: '/intake' });
    expect(key({ altKey: true, code: 'Digit2', key: '2' })).toEqual({ kind: 'section', path: '/cases' });
    expect(key({ altKey: true, code: 'Digit3', key: '3' })).toEqual({ kind: 'section', path: '/results' });
    expect(key({ altKey: true, code: 'Digit4', key: '4' })).toEqual({ kind: 'section', path: '/stats' });
    expect(key({ altKey: true, code: 'Numpad5', key: '5' })).toEqual({ kind: 'section', path: '/settings' });
    // macOS Option+digit types a symbol: the physical key still counts.
    expect(key({ altKey: true, code: 'Digit1', key: '¡' })).toEqual({ kind: 'section', path: '/intake' });
  });

  it('ignores other digits and modifier mixes', () => {
    expect(key({ altKey: true, code: 'Digit6' })).toBeNull();
    expect(key({ altKey: true, ctrlKey: true, code: 'Digit1' })).toBeNull();
    expect(key({ code: 'Digit1', key: '1' })).toBeNull();
  });

  it('/ focuses the search unless typing in a field; Ctrl+K and ⌘K always do', () => {
    expect(key({ key: '/' })).toEqual({ kind: 'search' });
    expect(key({ key: '/', target: input() })).toBeNull();
    expect(key({ key: '/', target: input('checkbox') })).toEqual({ kind: 'search' });
    expect(key({ key: '/', target: { tagName: 'TEXTAREA' } as unknown as EventTarget })).toBeNull();
    expect(key({ key: 'k', ctrlKey: true, target: input() })).toEqual({ kind: 'search' });
    expect(key({ key: 'K', metaKey: true })).toEqual({ kind: 'search' });
    expect(key({ key: 'k' })).toBeNull();
  });
});
