import { useId, type ReactNode } from 'react';
import { fieldPath } from '../api/client.js';

/** The server's message for the named field (or one inside it), to show next to that input. */
export function errorFor(error: unknown, name: string): string | undefined {
  const path = fieldPath(error);
  if (!path || !(path === name || path.startsWith(`${name}.`) || path.startsWith(`${name}[`))) return undefined;
  return (error as Error).message;
}

interface Common {
  label: string;
  hint?: string;
  error?: string;
  required?: boolean;
}

function describedBy(hintId: string, errorId: string, hint?: string, error?: string): string | undefined {
  return [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
}

function Extras({ hint, error, hintId, errorId }: { hint?: string; error?: string; hintId: string; errorId: string }) {
  return (
    <>
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={errorId}>
          {error}
        </span>
      )}
    </>
  );
}

export function TextField({
  label,
  hint,
  error,
  required,
  value,
  onChange,
  type = 'text',
  multiline,
  autoComplete,
  inputMode,
  step,
  min,
  max,
  list,
}: Common & {
  value: string;
  onChange: (value: string) => void;
  type?: string;
  multiline?: boolean;
  autoComplete?: string;
  inputMode?: 'numeric' | 'decimal' | 'text' | 'search';
  step?: string;
  min?: string;
  max?: string;
  list?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const shared = {
    id,
    value,
    required,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(hintId, errorId, hint, error),
  } as const;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {multiline ? (
        <textarea {...shared} rows={4} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input
          {...shared}
          type={type}
          autoComplete={autoComplete}
          inputMode={inputMode}
          step={step}
          min={min}
          max={max}
          list={list}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
      <Extras hint={hint} error={error} hintId={hintId} errorId={errorId} />
    </div>
  );
}

export function SelectField({
  label,
  hint,
  error,
  required,
  value,
  onChange,
  children,
}: Common & { value: string; onChange: (value: string) => void; children: ReactNode }) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(hintId, errorId, hint, error)}
        onChange={(e) => onChange(e.target.value)}
      >
        {children}
      </select>
      <Extras hint={hint} error={error} hintId={hintId} errorId={errorId} />
    </div>
  );
}

export function CheckboxList<T extends string>({
  legend,
  options,
  selected,
  onChange,
  error,
}: {
  legend: string;
  options: Array<{ value: T; label: string }>;
  selected: T[];
  onChange: (next: T[]) => void;
  error?: string;
}) {
  const id = useId();
  return (
    <fieldset className="checkbox-list" aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="check">
          <input
            type="checkbox"
            checked={selected.includes(o.value)}
            onChange={(e) => onChange(e.target.checked ? [...selected, o.value] : selected.filter((v) => v !== o.value))}
          />{' '}
          {o.label}
        </label>
      ))}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </fieldset>
  );
}
