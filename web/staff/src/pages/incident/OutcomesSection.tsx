import { useState } from 'react';
import type { Intervention } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useReturnFocus } from '../../components/useReturnFocus.js';
import { useRemove } from '../../components/useRemove.js';
import { useI18n } from '../../i18n/i18n.js';
import { MoreMenu } from '../../components/MoreMenu.js';
import { OnDemand } from '../../components/OnDemand.js';
import { dayText } from './dates.js';
import { InterventionDetails } from './InterventionDetails.js';
import { InterventionForm } from './InterventionForm.js';

const dateOf = (i: Intervention) => i.openedOn ?? i.history[0]?.changedOn ?? i.history[0]?.recordedAt ?? '';

/** What came of the incident, as a timeline: each intervention by date, with its statuses in order. */
export function OutcomesSection({
  incidentId,
  interventions,
  canEdit,
  canDelete,
  onChanged,
}: {
  incidentId: string;
  interventions: Intervention[];
  canEdit: boolean;
  canDelete: boolean;
  onChanged: () => void;
}) {
  const { t, term, lang } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const returnFocus = useReturnFocus();
  const deletion = useRemove(onChanged, t('confirmDeletePart'));
  const sorted = [...interventions].sort((a, b) => dateOf(a).localeCompare(dateOf(b)));
  const close = (i: Intervention) => {
    setEditing(null);
    returnFocus(`edit-${i.id}`);
  };
  return (
    <>
      <ErrorMessage error={deletion.error} onReload={onChanged} />
      {sorted.length === 0 ? (
        <p>{t('noOutcomes')}</p>
      ) : (
        <ol className="timeline">
          {sorted.map((i) => {
            const day = dateOf(i).slice(0, 10);
            const date = day ? dayText(day, lang) : '';
            const label = `${term('interventionKind', i.kind)} — ${term('interventionStatus', i.status)}`;
            // Two outcomes of one kind and status are told apart by their date.
            const name = date ? `${label}, ${date}` : label;
            return (
              <li key={i.id}>
                <h3>
                  {date && <time dateTime={day}>{date}</time>} {label}
                </h3>
                {editing === i.id ? (
                  <InterventionForm
                    key={i.version}
                    incidentId={incidentId}
                    intervention={i}
                    onReload={onChanged}
                    onCancel={() => close(i)}
                    onDone={() => {
                      close(i);
                      onChanged();
                    }}
                  />
                ) : (
                  <>
                    <InterventionDetails intervention={i} />
                    {canEdit && (
                      <button type="button" id={`edit-${i.id}`} onClick={() => setEditing(i.id)}>
                        {t('edit')}: {name}
                      </button>
                    )}{' '}
                    {canDelete && (
                      <MoreMenu name={name}>
                        <button type="button" className="danger" disabled={deletion.busy} onClick={() => void deletion.remove(`/api/interventions/${i.id}`)}>
                          {t('delete')}: {name}
                        </button>
                      </MoreMenu>
                    )}
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      {canEdit && (
        <OnDemand id={`add-outcome-${incidentId}`} label={t('addOutcome')}>
          {(done) => (
            <InterventionForm
              incidentId={incidentId}
              onCancel={done}
              onDone={() => {
                done();
                onChanged();
              }}
            />
          )}
        </OnDemand>
      )}
    </>
  );
}
