import { api, query } from '../api/client.js';
import type { PersonSummary } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import { SearchPicker } from './SearchPicker.js';

/** A search box over /api/people: type part of a name, then press one of the buttons that appear. */
export function PersonPicker({ label, onChoose, error }: { label: string; onChoose: (person: PersonSummary) => void; error?: string }) {
  const { t, term } = useI18n();
  return (
    <SearchPicker<PersonSummary>
      label={label}
      error={error}
      search={(q) => api.get<{ people: PersonSummary[] }>(`/api/people${query({ q, limit: 10 })}`).then((r) => r.people)}
      keyOf={(p) => p.id}
      render={(p) => `${p.name} (${p.kinds.map((k) => term('personKind', k)).join(', ')})`}
      noneFound={t('noPeopleFound')}
      resultsLabel={t('personResults')}
      onChoose={onChoose}
    />
  );
}
