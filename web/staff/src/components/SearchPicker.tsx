import { useEffect, useId, useState, type ReactNode } from 'react';

export interface SearchPickerProps<T> {
  label: string;
  error?: string;
  /** Shown under the box, tied to it for screen readers. */
  hint?: string;
  /** What the typed text finds (at most a few); a failure shows as nothing found. */
  search: (text: string) => Promise<T[]>;
  keyOf: (item: T) => string;
  render: (item: T) => ReactNode;
  noneFound: string;
  resultsLabel: string;
  onChoose: (item: T) => void;
  /** Asks again when it changes, as when a filter beside the box is set. */
  refresh?: string;
}

/** A search box: type part of a name or title, then press one of the buttons that appear. No id is ever typed. */
export function SearchPicker<T>({ label, error, hint, search, keyOf, render, noneFound, resultsLabel, onChoose, refresh }: SearchPickerProps<T>) {
  const id = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<T[] | null>(null);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setResults(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      search(q).then(
        (found) => live && setResults(found),
        () => live && setResults([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // `search` is a new function on every render of the caller; the text alone decides when to ask again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, refresh]);

  const choose = (item: T) => {
    onChoose(item);
    setText('');
    setResults(null);
  };

  const describedBy = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div className="picker field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
        aria-controls={`${id}-results`}
      />
      {hint && (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
      <div id={`${id}-results`} aria-live="polite">
        {results &&
          (results.length === 0 ? (
            <p>{noneFound}</p>
          ) : (
            <ul className="picker-results" aria-label={`${resultsLabel}: ${label}`}>
              {results.map((item) => (
                <li key={keyOf(item)}>
                  <button type="button" onClick={() => choose(item)}>
                    {render(item)}
                  </button>
                </li>
              ))}
            </ul>
          ))}
      </div>
    </div>
  );
}
