import { useState } from 'react';
import { api } from '../api/client.js';
import type { BulkResult, IncidentHit } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { BulkResults, titlesOf, type BulkReport } from './BulkResults.js';
import { ErrorMessage } from './ErrorMessage.js';
import { SelectField } from './fields.js';
import { useSubmit } from './useSubmit.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';

const OUTCOME: Record<BulkResult['results'][number]['outcome'], MessageKey> = {
  restricted: 'bulkRestricted',
  tagged: 'bulkTagged',
  untagged: 'bulkUntagged',
  exported: 'bulkExported',
  unchanged: 'bulkUnchanged',
  'not-found': 'bulkNotFound',
  conflict: 'bulkConflict',
  invalid: 'bulkInvalid',
  failed: 'bulkFailed',
};

/** Restricts the selected incidents to one of the caller's compartments, and says what happened to each. */
export function BulkRestrict({ selected, hits, onDone }: { selected: string[]; hits: IncidentHit[]; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const [compartment, setCompartment] = useState(me.compartments[0]?.id ?? '');
  const [report, setReport] = useState<BulkReport | null>(null);
  const submit = useSubmit(async () => {
    const titles = titlesOf(i18n, hits, selected);
    const result = await api.post<BulkResult>('/api/incidents/bulk/restrict', { ids: selected, compartmentId: compartment });
    setReport({ result, titles });
    onDone();
  });
  if (!can(me.user.role, 'restrict') || me.compartments.length === 0) return null;
  return (
    <div className="bulk-actions">
      <form onSubmit={submit.onSubmit} aria-label={t('bulkRestrict')}>
        <SelectField label={t('compartment')} value={compartment} onChange={setCompartment}>
          {me.compartments.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </SelectField>
        <button type="submit" disabled={submit.busy || selected.length === 0}>
          {t('bulkRestrictButton', { count: selected.length })}
        </button>
      </form>
      <ErrorMessage error={submit.error} />
      {report && <BulkResults report={report} say={(outcome) => t(OUTCOME[outcome])} />}
    </div>
  );
}
