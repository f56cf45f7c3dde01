import { useId } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { REGIONS } from '../i18n/regions.js';
import { TextField } from './fields.js';

/**
 * A facility's region, typed or picked from the list in the reader's language; a region picked (or typed in
 * full) is stored by its Russian name, so that one region is one facet value whichever language it was picked in.
 */
export function RegionField({
  label,
  value,
  onChange,
  error,
  required,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  required?: boolean;
}) {
  const { lang, region } = useI18n();
  const listId = useId();
  return (
    <>
      <TextField
        label={label}
        value={region(value)}
        onChange={(text) => onChange(REGIONS.find((r) => r[lang] === text)?.ru ?? text)}
        error={error}
        required={required}
        list={listId}
      />
      <datalist id={listId}>
        {REGIONS.map((r) => (
          <option key={r.ru} value={r[lang]} />
        ))}
      </datalist>
    </>
  );
}
