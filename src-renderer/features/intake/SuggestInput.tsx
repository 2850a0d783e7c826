/**
 * An input that suggests returning applicants as the clerk types (their number or name):
 * ↓/↑ move, Enter picks, Esc closes, the mouse works too. Suggestions come from
 * CasesRepository.findApplicants (a Dexie prefix index), debounced.
 */
import { Input, type InputRef } from 'antd';
import { useEffect, useId, useRef, useState, type FocusEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useServices } from '../../app/services';
import type { ApplicantRow } from '../../db/casesSchema';

const MIN_CHARS = 2;
const DEBOUNCE_MS = 150;

export function SuggestInput({
  value,
  onChange,
  onBlur,
  onPick,
  testId,
  filter,
  render,
  inputRef,
  status,
  placeholder,
  maxLength,
  autoFocus,
  id,
}: {
  value: string;
  onChange: (v: string) => void;
  onBlur?: (e: FocusEvent<HTMLInputElement>) => void;
  onPick: (row: ApplicantRow) => void;
  testId: string;
  /** Which rows fit this field (e.g. persons only). */
  filter?: (row: ApplicantRow) => boolean;
  render: (row: ApplicantRow) => ReactNode;
  inputRef?: React.Ref<InputRef>;
  status?: 'error';
  placeholder?: string;
  maxLength?: number;
  autoFocus?: boolean;
  id?: string;
}) {
  const { cases } = useServices();
  const [rows, setRows] = useState<ApplicantRow[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const listId = useId();
  const typed = useRef(false);
  const filterRef = useRef(filter);
  useEffect(() => {
    filterRef.current = filter;
  });

  useEffect(() => {
    const q = value.trim();
    if (!typed.current || q.length < MIN_CHARS) return;
    let stale = false;
    const timer = window.setTimeout(() => {
      cases
        .findApplicants(q, 8)
        .then((found) => {
          if (stale) return;
          const f = filterRef.current;
          const list = f ? found.filter(f) : found;
          setRows(list);
          setActive(-1);
          setOpen(list.length > 0);
        })
        .catch(() => undefined);
    }, DEBOUNCE_MS);
    return () => {
      stale = true;
      window.clearTimeout(timer);
    };
  }, [value, cases]);

  const pick = (row: ApplicantRow) => {
    typed.current = false;
    setOpen(false);
    setRows([]);
    onPick(row);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!open || rows.length === 0 || e.nativeEvent.isComposing) return;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive((a) => Math.min(rows.length - 1, a + 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((a) => Math.max(0, a - 1));
    } else if (e.key === 'Enter' && active >= 0) {
      e.preventDefault();
      e.stopPropagation();
      const r = rows[active];
      if (r) pick(r);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  };

  const shown = open && rows.length > 0 && value.trim().length >= MIN_CHARS;
  return (
    <div style={{ position: 'relative' }}>
      <Input
        ref={inputRef}
        id={id}
        data-testid={testId}
        value={value}
        status={status}
        placeholder={placeholder}
        maxLength={maxLength}
        autoFocus={autoFocus}
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-expanded={shown}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={shown && active >= 0 ? `${listId}-${active}` : undefined}
        onChange={(e) => {
          typed.current = true;
          onChange(e.target.value);
          if (e.target.value.trim().length < MIN_CHARS) setOpen(false);
        }}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          setOpen(false);
          onBlur?.(e);
        }}
      />
      {shown && (
        <div className="yc-suggest" role="listbox" id={listId} data-testid="applicant-suggestions">
          {rows.map((r, i) => (
            <div
              key={r.key}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className="yc-suggest-item"
              data-testid="applicant-suggestion"
              data-key={r.key}
              // mousedown, not click: the input's blur would close the list first.
              onMouseDown={(e) => {
                e.preventDefault();
                pick(r);
              }}
            >
              {render(r)}
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
