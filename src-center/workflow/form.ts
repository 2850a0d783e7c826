/**
 * The application form as a reviewer reads it: the window sends answers by key; the catalog
 * item's form definition gives each key its label, its type and the order of the form.
 */
import { FormField } from '../../src-shared/domain/catalog';
import type { ConsoleFormField } from '../../src-shared/protocol/console';

type Value = ConsoleFormField['value'];

const scalar = (v: unknown): v is Value => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** The item's field definitions as stored (jsonb), each checked; one that does not parse is skipped. */
export function formDefinitionOf(stored: unknown): FormField[] {
  let list = stored;
  if (typeof stored === 'string') {
    try {
      list = JSON.parse(stored) as unknown;
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  return list.flatMap((f) => {
    const parsed = FormField.safeParse(f);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Every answer the window sent (strings, numbers, booleans), labelled: first the item's
 * fields in the item's order, then keys the item does not define (it changed since the case
 * was accepted) by key, with label and type null so the console shows the key.
 */
export function formFieldsOf(defs: readonly FormField[], form: Record<string, unknown> | undefined): ConsoleFormField[] {
  const answers = Object.entries(form ?? {}).filter((e): e is [string, Value] => scalar(e[1]));
  const byKey = new Map(answers);
  const defined = new Set<string>();
  const out: ConsoleFormField[] = [];
  for (const d of defs) {
    if (defined.has(d.key)) continue;
    defined.add(d.key);
    const value = byKey.get(d.key);
    if (value !== undefined) out.push({ key: d.key, label: d.label, type: d.type, value });
  }
  // The stored event (jsonb) does not keep the window's key order: the rest by key, the same on every read.
  const rest = answers.filter(([key]) => !defined.has(key)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  for (const [key, value] of rest) out.push({ key, label: null, type: null, value });
  return out;
}
