/**
 * The keyboard of a list page (cases, results): `/` goes to the page's search (ahead of the
 * global shortcut, which would go to the catalog); arrows and Enter go to the list when the
 * focus is not in a field, no detail is open, and not inside a widget with keys of its own.
 * `onKey` returns whether it handled the key; the latest one is always used.
 */
import { useEffect, useRef } from 'react';
import { isEditable } from './editable';

const OWN_KEYS = '.ant-select, .ant-segmented, .ant-pagination, .ant-drawer, .ant-modal';

export function useListKeys(onKey: (e: KeyboardEvent) => boolean, detailOpen: boolean): void {
  const ref = useRef(onKey);
  useEffect(() => {
    ref.current = onKey;
  });
  useEffect(() => {
    const listener = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
      if (e.key === '/' && !isEditable(e.target)) {
        if (!detailOpen) ref.current(e);
        return;
      }
      if (detailOpen || isEditable(e.target)) return;
      const el = e.target as HTMLElement | null;
      const tag = el?.tagName?.toLowerCase();
      if (e.key === 'Enter' && (tag === 'button' || tag === 'a')) return;
      if (el?.closest?.(OWN_KEYS)) return;
      ref.current(e);
    };
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, [detailOpen]);
}
