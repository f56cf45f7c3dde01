import { api, query } from '../api/client.js';
import type { IncidentHit, SearchResult } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import { formatDay } from './media-format.js';
import { SearchPicker } from './SearchPicker.js';

/** A search box over /api/incidents: type part of a title, then press one of the buttons that appear. */
export function IncidentPicker({ label, onChoose, error }: { label: string; onChoose: (incident: IncidentHit) => void; error?: string }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  return (
    <SearchPicker<IncidentHit>
      label={label}
      error={error}
      hint={t('incidentPickerHint')}
      search={(q) => api.get<SearchResult>(`/api/incidents${query({ q, limit: 10 })}`).then((r) => r.hits)}
      keyOf={(hit) => hit.id}
      render={(hit) => (
        <>
          {pick(hit.titleRu, hit.titleEn) || hit.id}
          {hit.dateStart && ` (${formatDay(hit.dateStart, i18n.lang)})`}
          {hit.facility && ` · ${pick(hit.facility.nameRu, hit.facility.nameEn)}`}
        </>
      )}
      noneFound={t('incidentPickerNone')}
      resultsLabel={t('incidentPickerResults')}
      onChoose={onChoose}
    />
  );
}
