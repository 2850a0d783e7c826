/** The operator forms' submit: the shared contract first, then the center; errors under their fields, else above the form. */
import type { FormInstance } from 'antd';
import { useRef, useState } from 'react';
import type { z } from 'zod';
import { ApiError } from '../../api/client';
import { describeError, fieldErrors, fieldPath } from '../../app/errors';
import { useLocale, useT } from '../../app/i18n';

export function useFormRun(fields: readonly string[]) {
  const t = useT();
  const locale = useLocale();
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  // A second click while the center works must not send twice.
  const inFlight = useRef(false);
  async function run<S extends z.ZodType, R>(form: FormInstance, schema: S, body: unknown, send: (req: z.output<S>) => Promise<R>): Promise<R | null> {
    if (inFlight.current) return null;
    setFormError(null);
    form.setFields(form.getFieldsError().map((f) => ({ name: f.name, errors: [] as string[] })));
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      form.setFields(fieldErrors(t, locale, parsed.error));
      return null;
    }
    inFlight.current = true;
    setBusy(true);
    try {
      return await send(parsed.data);
    } catch (e) {
      const text = describeError(t, e);
      const path = e instanceof ApiError ? fieldPath(e.field, fields) : null;
      if (path) form.setFields([{ name: path, errors: [text] }]);
      else setFormError(text);
      return null;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }
  return { busy, formError, run };
}

