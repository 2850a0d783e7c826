/**
 * Global keyboard shortcuts: Alt+1..Alt+5 switch sections; "/" (outside a text field)
 * or Ctrl+K / ⌘K focuses the catalog search.
 */
import { useEffect } from 'react';
import { useNavigate } from 'react-router';
import { isEditable } from './editable';
import type { FocusSearchState } from './navigation';
import { SECTIONS } from './routes';

export { isEditable } from './editable';

export type ShortcutAction = { kind: 'section'; path: string } | { kind: 'search' } | null;

/** Which action a key press asks for (pure, for tests). */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'target'>): ShortcutAction {
  if (e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
    const digit = /^Digit(\d)$/.exec(e.code)?.[1] ?? /^Numpad(\d)$/.exec(e.code)?.[1];
    const s = SECTIONS.find((x) => x.digit === digit);
    if (s) return { kind: 'section', path: s.path };
  }
  if ((e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k') return { kind: 'search' };
  if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isEditable(e.target)) return { kind: 'search' };
  return null;
}

export function useGlobalShortcuts(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const action = shortcutFor(e);
      if (!action) return;
      e.preventDefault();
      if (action.kind === 'section') navigate(action.path);
      else navigate('/intake', { state: { focusSearch: Date.now() } satisfies FocusSearchState });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
}
