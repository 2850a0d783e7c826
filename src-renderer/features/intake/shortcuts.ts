/**
 * The intake's keys (documented in ./SHORTCUTS.md and the help popover): Alt+N next
 * step, Alt+B previous step, Ctrl+Enter save the decision, F2 read the ID card, Ctrl+S
 * save the draft now. Esc closes dialogs (antd does that). Keys go by physical code so
 * an IME or a keyboard layout does not change them.
 */
import type { MessageKey } from '../../app/i18n/zh-CN';

export type IntakeAction = 'next' | 'back' | 'save' | 'idcard' | 'draft';

export function intakeShortcutFor(e: Pick<KeyboardEvent, 'key' | 'code' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): IntakeAction | null {
  const ctrl = e.ctrlKey || e.metaKey;
  if (e.altKey && !ctrl && !e.shiftKey) {
    if (e.code === 'KeyN') return 'next';
    if (e.code === 'KeyB') return 'back';
  }
  if (ctrl && !e.altKey && !e.shiftKey) {
    if (e.key === 'Enter' || e.code === 'Enter' || e.code === 'NumpadEnter') return 'save';
    if (e.code === 'KeyS') return 'draft';
  }
  if (e.key === 'F2' && !ctrl && !e.altKey && !e.shiftKey) return 'idcard';
  return null;
}

/** The rows of the help popover: keys and what they do. */
export const INTAKE_SHORTCUTS: readonly [string, MessageKey][] = [
  ['Alt + N', 'intake.keys.next'],
  ['Alt + B', 'intake.keys.back'],
  ['Ctrl + Enter', 'intake.keys.save'],
  ['F2', 'intake.keys.idcard'],
  ['Ctrl + S', 'intake.keys.draft'],
  ['Enter', 'intake.keys.pick'],
  ['↑ ↓', 'intake.keys.suggest'],
  ['Tab / Shift + Tab', 'intake.keys.tab'],
  ['Space', 'intake.keys.space'],
  ['Esc', 'intake.keys.esc'],
];
