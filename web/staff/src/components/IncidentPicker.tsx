import { useEffect, useId, useState } from 'react';
import { api, query } from '../api/client.js';
import type { IncidentHit, SearchResult } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDay } from './media-format.js';

/** A search box over /api/incidents: type part of a title, then press one of the buttons that appear. */
export function IncidentPicker({ label, onChoose, error }: { label: string; onChoose: (incident: IncidentHit) => void; error?: string }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const id = useId();
  const [text, setText] = useState('');
  const [results, setResults] = useState<IncidentHit[] | null>(null);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      setResults(null);
      return;
    }
    let live = true;
    const timer = setTimeout(() => {
      api.get<SearchResult>(`/api/incidents${query({ q, limit: 10 })}`).then(
        (r) => live && setResults(r.hits),
        () => live && setResults([]),
      );
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [text]);

  const choose = (incident: IncidentHit) => {
    onChoose(incident);
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
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        aria-invalid={error ? true : undefined}
        aria-controls={`${id}-results`}
      />
      <span className="hint" id={`${id}-hint`}>
        {t('incidentPickerHint')}
      </span>
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
      <div id={`${id}-results`} aria-live="polite">
        {results &&
          (results.length === 0 ? (
            <p>{t('incidentPickerNone')}</p>
          ) : (
            <ul className="picker-results" aria-label={`${t('incidentPickerResults')}: ${label}`}>
              {results.map((hit) => (
                <li key={hit.id}>
                  <button type="button" onClick={() => choose(hit)}>
                    {pick(hit.titleRu, hit.titleEn) || hit.id}
                    {hit.dateStart && ` (${formatDay(hit.dateStart, i18n.lang)})`}
                    {hit.facility && ` · ${pick(hit.facility.nameRu, hit.facility.nameEn)}`}
                  </button>
                </li>
              ))}
            </ul>
          ))}
      </div>
    </div>
  );
}
