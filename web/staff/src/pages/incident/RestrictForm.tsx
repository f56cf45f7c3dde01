import { useState } from 'react';
import { api } from '../../api/client.js';
import type { IncidentPage } from '../../../../../src/cases/index.js';
import { useSession } from '../../app/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField } from '../../components/fields.js';
import { useStatus } from '../../components/Status.js';
import { useCompartmentNames } from '../../components/useCompartmentNames.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { toInput } from './toInput.js';

/** Only members of the chosen compartment (investigators and administrators) will see the incident. */
export function RestrictForm({ page, onDone, onReload }: { page: IncidentPage; onDone: () => void; onReload: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const [value, setValue] = useState(page.incident.compartmentId ?? '');
  const nameOf = useCompartmentNames();
  const choices = [...new Set([...me.compartments, ...(page.incident.compartmentId ? [page.incident.compartmentId] : [])])];
  const submit = useSubmit(async () => {
    await api.put(`/api/incidents/${page.incident.id}`, {
      version: page.incident.version,
      data: {
        ...toInput(page),
        dateStart: page.incident.dateStart,
        dateEnd: page.incident.dateEnd,
        facilityId: page.facility?.id ?? null,
        compartmentId: value || null,
      },
    });
    announce(t('saved'));
    onDone();
  });
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-label={t('restrict')}>
      <SelectField label={t('compartment')} value={value} onChange={setValue} error={errorFor(submit.error, 'compartmentId')}>
        <option value="">{t('noCompartment')}</option>
        {choices.map((id) => (
          <option key={id} value={id}>
            {nameOf(id)}
          </option>
        ))}
      </SelectField>
      <ErrorMessage error={submit.error} onReload={onReload} />
      <button type="submit" disabled={submit.busy}>
        {t('saveRestriction')}
      </button>
    </form>
  );
}
