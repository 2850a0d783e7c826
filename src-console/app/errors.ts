/** What the reviewer reads when a request fails, and which form field it belongs to. */
import type { z } from 'zod';
import { ApiError } from '../api/client';
import type { Locale, TFunction } from './i18n/translate';

/** One line for any failure: the center's own message (Chinese, naming field and rule) when it gave one. */
export function describeError(t: TFunction, err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  switch (err.kind) {
    case 'network':
      return t('error.network', { detail: err.message });
    case 'shape':
      return t('error.shape', { where: err.where ?? '', detail: err.message });
    case 'request':
      return err.message;
    case 'http':
      if (err.message) return err.message;
      return err.status === 401 ? t('error.unauthorized') : t('error.http', { status: err.status });
  }
}

export type FieldPath = (string | number)[];

/** "reasons.0" -> ['reasons', 0]; only for fields the form has (else the error is form-wide). */
export function fieldPath(field: string | undefined, formFields: readonly string[]): FieldPath | null {
  if (!field) return null;
  const parts = field
    .replace(/\[(\d+)\]/g, '.$1')
    .split(/[./]/)
    .filter(Boolean)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const head = parts[0];
  if (typeof head !== 'string' || !formFields.includes(head)) return null;
  return parts;
}

const HAN = /\p{Script=Han}/u;

/** A zod issue in the reviewer's language: the contract's own Chinese message in Chinese, the rule otherwise. */
export function issueMessage(t: TFunction, locale: Locale, issue: z.core.$ZodIssue): string {
  if (locale === 'zh-CN' && HAN.test(issue.message)) return issue.message;
  const i = issue as z.core.$ZodIssue & { origin?: string; minimum?: number | bigint; maximum?: number | bigint; input?: unknown; expected?: string; format?: string };
  switch (i.code) {
    case 'invalid_type':
      if (i.input === undefined || i.input === null || i.input === '') return t('validation.required');
      return i.expected === 'int' ? t('validation.integer') : t('validation.invalid');
    case 'too_small': {
      const n = Number(i.minimum);
      if (i.origin === 'string') return n <= 1 ? t('validation.required') : t('validation.minChars', { n });
      if (i.origin === 'array') return t('validation.minItems', { n });
      return t('validation.min', { n });
    }
    case 'too_big': {
      const n = Number(i.maximum);
      if (i.origin === 'string') return t('validation.maxChars', { n });
      if (i.origin === 'array') return t('validation.maxItems', { n });
      return t('validation.max', { n });
    }
    case 'invalid_value':
      return t('validation.choice');
    case 'invalid_format':
      return i.format === 'date' || i.format === 'regex' ? t('validation.date') : t('validation.invalid');
    default:
      return /YYYY-MM-DD/.test(issue.message) ? t('validation.date') : t('validation.invalid');
  }
}

export interface FieldError {
  name: FieldPath;
  errors: string[];
}

/** Every issue of a failed parse, grouped by form field (antd Form.setFields shape). */
export function fieldErrors(t: TFunction, locale: Locale, error: z.ZodError): FieldError[] {
  const byPath = new Map<string, FieldError>();
  for (const issue of error.issues) {
    const name = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const key = JSON.stringify(name);
    const entry = byPath.get(key) ?? { name, errors: [] };
    const msg = issueMessage(t, locale, issue);
    if (!entry.errors.includes(msg)) entry.errors.push(msg);
    byPath.set(key, entry);
  }
  return [...byPath.values()];
}
