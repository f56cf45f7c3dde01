import { useEffect, useId, useState } from 'react';
import { api, query } from '../api/client.js';
import type { PersonSummary } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';

/** A search box over /api/people: type part of a name, then press one of the buttons that appear. */
export function PersonPicker({ label, onChoose, error }: { label: string; onChoose: (person: PersonSummary) => void; error?: string }) {
  const { t, term } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<PersonSummary[] | null>(null);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setResults(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.get<{ people: PersonSummary[] }>(`/api/people${query({ q, limit: 10 })}`).then(
        (r) => live && setResults(r.people),
        () => live && setResults([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);

  const choose = (person: PersonSummary) => {
    onChoose(person);
    setText('');
    setResults(null);
  };

  return (
    <div className="picker field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={error ? `${id}-error` : undefined}
        aria-invalid={error ? true : undefined}
        aria-controls={`${id}-results`}
      />
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
      <div id={`${id}-results`} aria-live="polite">
        {results &&
          (results.length === 0 ? (
            <p>{t('noPeopleFound')}</p>
          ) : (
            <ul className="picker-results" aria-label={`${t('personResults')}: ${label}`}>
              {results.map((p) => (
                <li key={p.id}>
                  <button type="button" onClick={() => choose(p)}>
                    {p.name} ({p.kinds.map((k) => term('personKind', k)).join(', ')})
                  </button>
                </li>
              ))}
            </ul>
          ))}
      </div>
    </div>
  );
}
