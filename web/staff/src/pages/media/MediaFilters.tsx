import { useState } from 'react';
import type { MediaCatalogueQuery } from '../../../../../src/media/index.js';
import { SelectField, TextField } from '../../components/fields.js';
import { useI18n } from '../../i18n/i18n.js';

const KINDS = ['video', 'image', 'audio', 'other'] as const;
const STATES = ['analysed', 'pending', 'unreadable', 'failed'] as const;
/** Durations to pick from, in seconds: a person scanning CCTV thinks in these, not in numbers to type. */
const DURATIONS = {
  short: { maxSeconds: 60 },
  medium: { minSeconds: 60, maxSeconds: 600 },
  long: { minSeconds: 600, maxSeconds: 3600 },
  veryLong: { minSeconds: 3600 },
} as const;
type DurationRange = keyof typeof DURATIONS;

/** Wide enough to show every filter in a row or two above the items; narrower (a phone), they start folded. */
const WIDE_SCREEN = '(min-width: 48rem)';
/** Filters that only order, not narrow: not counted as set. */
const ORDER_ONLY = new Set(['sort', 'offset', 'limit']);

/**
 * Kind, camera (picked from those the archive holds), recording days, duration, analysis state, only items with
 * near duplicates, and the order (left out where the page has an order of its own, as the timeline does). On a
 * phone they start folded under one line that says how many are set, so that the items come first.
 */
export function MediaFilters({
  value,
  cameras,
  onChange,
  arrange = true,
}: {
  value: MediaCatalogueQuery;
  cameras: string[];
  onChange: (next: MediaCatalogueQuery) => void;
  arrange?: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(() => typeof window.matchMedia !== 'function' || window.matchMedia(WIDE_SCREEN).matches);
  const set = (patch: Partial<MediaCatalogueQuery>) => onChange(withoutUnset({ ...value, ...patch, offset: 0 }));
  const duration = durationOf(value);
  const narrowing =
    Object.keys(value).filter((key) => !ORDER_ONLY.has(key)).length - (value.minSeconds !== undefined && value.maxSeconds !== undefined ? 1 : 0);
  return (
    <details className="media-filters-fold" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{narrowing > 0 ? t('mediaFiltersSet', { count: narrowing }) : t('mediaFilters')}</summary>
      <form className="media-filters" aria-label={t('mediaFilters')} onSubmit={(e) => e.preventDefault()}>
        <SelectField label={t('mediaKind')} value={value.kind ?? ''} onChange={(kind) => set({ kind: (kind || undefined) as MediaCatalogueQuery['kind'] })}>
          <option value="">{t('mediaKindAll')}</option>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`mediaKind_${kind}`)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t('mediaCamera')} value={value.camera ?? ''} onChange={(camera) => set({ camera: camera || undefined })}>
          <option value="">{t('mediaCameraAll')}</option>
          {cameras.map((camera) => (
            <option key={camera} value={camera}>
              {camera}
            </option>
          ))}
        </SelectField>
        <TextField label={t('mediaRecordedFrom')} type="date" value={value.from ?? ''} max={value.to} onChange={(from) => set({ from: from || undefined })} />
        <TextField label={t('mediaRecordedTo')} type="date" value={value.to ?? ''} min={value.from} onChange={(to) => set({ to: to || undefined })} />
        <SelectField
          label={t('mediaDuration')}
          value={duration ?? ''}
          onChange={(range) => set({ minSeconds: undefined, maxSeconds: undefined, ...(range ? DURATIONS[range as DurationRange] : {}) })}
        >
          <option value="">{t('mediaDurationAny')}</option>
          {(Object.keys(DURATIONS) as DurationRange[]).map((range) => (
            <option key={range} value={range}>
              {t(`mediaDuration_${range}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('mediaState')}
          value={value.state ?? ''}
          onChange={(state) => set({ state: (state || undefined) as MediaCatalogueQuery['state'] })}
        >
          <option value="">{t('mediaStateAll')}</option>
          {STATES.map((state) => (
            <option key={state} value={state}>
              {t(`mediaState_${state}`)}
            </option>
          ))}
        </SelectField>
        {arrange && (
          <SelectField label={t('mediaArrange')} value={value.sort ?? 'path'} onChange={(sort) => set({ sort: sort === 'recorded' ? 'recorded' : 'path' })}>
            <option value="path">{t('mediaByFolder')}</option>
            <option value="recorded">{t('mediaByRecorded')}</option>
          </SelectField>
        )}
        <div className="field checkbox">
          <input
            id="media-duplicates"
            type="checkbox"
            checked={value.duplicates ?? false}
            onChange={(e) => set({ duplicates: e.target.checked || undefined })}
          />
          <label htmlFor="media-duplicates">{t('mediaOnlyDuplicates')}</label>
        </div>
      </form>
    </details>
  );
}

function durationOf(query: MediaCatalogueQuery): DurationRange | undefined {
  return (Object.keys(DURATIONS) as DurationRange[]).find((range) => {
    const preset: { minSeconds?: number; maxSeconds?: number } = DURATIONS[range];
    return preset.minSeconds === query.minSeconds && preset.maxSeconds === query.maxSeconds;
  });
}

/** Filters set back to "any" leave the query, rather than travel as empty parameters. */
function withoutUnset(query: MediaCatalogueQuery): MediaCatalogueQuery {
  return Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)) as MediaCatalogueQuery;
}
