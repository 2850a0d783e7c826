/** A labelled field with its message beside it (the rule it breaks, in the clerk's words). */
import { Typography } from 'antd';
import type { CSSProperties, ReactNode } from 'react';
import { useT } from '../../app/i18n';
import type { Msg } from './model';
import { wordMsg } from './words';

export function Field({
  label,
  required,
  error,
  field,
  children,
  hint,
  style,
  htmlFor,
}: {
  label: ReactNode;
  required?: boolean;
  error?: Msg | null;
  /** The field path, also on the message (data-field) for tests. */
  field: string;
  children: ReactNode;
  hint?: ReactNode;
  style?: CSSProperties;
  htmlFor?: string;
}) {
  const t = useT();
  return (
    <div className="yc-field" style={style} data-field-box={field}>
      <label htmlFor={htmlFor} className="yc-field-label">
        {required && <span className="yc-required">*</span>}
        {label}
      </label>
      {children}
      {error ? (
        <div className="yc-field-error" role="alert" data-testid="field-error" data-field={field}>
          {wordMsg(t, error)}
        </div>
      ) : hint ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {hint}
        </Typography.Text>
      ) : null}
    </div>
  );
}

/** Inline styles for the intake (kept here so the feature needs no global CSS). */
export const INTAKE_CSS = `
.yc-field { display: flex; flex-direction: column; gap: 4px; min-width: 0; }
.yc-field-label { font-size: 13px; color: #4b5563; }
.yc-required { color: #c8102e; margin-inline-end: 3px; }
.yc-field-error { color: #c8102e; font-size: 12px; line-height: 1.5; }
.yc-intake-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 12px 16px; }
.yc-intake-card { background: #fff; border: 1px solid #e5e8ef; border-radius: 6px; padding: 14px 16px; }
.yc-intake-card + .yc-intake-card { margin-top: 12px; }
.yc-intake-card-title { font-weight: 600; font-size: 15px; margin-bottom: 10px; border-left: 3px solid #1f5fbf; padding-left: 8px; display: flex; align-items: center; gap: 8px; }
.yc-suggest { position: absolute; z-index: 1050; left: 0; right: 0; top: 100%; margin-top: 2px; background: #fff; border: 1px solid #d5dae3; border-radius: 4px; box-shadow: 0 6px 16px rgba(0,0,0,0.12); max-height: 280px; overflow: auto; }
.yc-suggest-item { padding: 6px 10px; cursor: pointer; display: flex; flex-direction: column; line-height: 1.4; }
.yc-suggest-item[aria-selected="true"], .yc-suggest-item:hover { background: #e6effc; }
.yc-material-row { display: grid; grid-template-columns: 28px minmax(220px, 1.6fr) 120px 150px minmax(240px, 1.4fr); gap: 10px; align-items: start; padding: 10px 12px; border-bottom: 1px solid #eef0f4; }
.yc-material-row[data-dragover="true"] { background: #eef4fd; outline: 2px dashed #1f5fbf; outline-offset: -2px; }
.yc-material-row[data-missing="true"] .yc-material-name { color: #1f2937; }
.yc-material-head { font-size: 12px; color: #6b7280; background: #f5f7fa; border-bottom: 1px solid #e5e8ef; }
.yc-scan { display: flex; align-items: center; gap: 6px; padding: 2px 6px; background: #f5f7fa; border: 1px solid #e5e8ef; border-radius: 4px; font-size: 12px; }
.yc-deficiency { display: flex; gap: 8px; align-items: flex-start; }
.yc-problem-link { cursor: pointer; color: #1f5fbf; margin-inline-start: 6px; white-space: nowrap; }
`;
