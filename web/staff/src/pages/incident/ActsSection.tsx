import { useState } from 'react';
import type { Act, PersonRef } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useReturnFocus } from '../../components/useReturnFocus.js';
import { Link } from '../../components/Link.js';
import { personName } from '../../components/labels.js';
import { useRemove } from '../../components/useRemove.js';
import { useI18n } from '../../i18n/i18n.js';
import { MoreMenu } from '../../components/MoreMenu.js';
import { OnDemand } from '../../components/OnDemand.js';
import { ActForm } from './ActForm.js';

function PersonLink({ person }: { person: PersonRef | null }) {
  const i18n = useI18n();
  if (!person || 'restricted' in person) return <span>{personName(i18n, person)}</span>;
  return <Link to={`people/${person.id}`}>{person.name}</Link>;
}

function ActDetails({ act }: { act: Act }) {
  const { t, term, pick } = useI18n();
  return (
    <dl>
      <dt>{t('victim')}</dt>
      <dd>
        <PersonLink person={act.victim} />
      </dd>
      <dt>{t('perpetrators')}</dt>
      <dd>
        {act.perpetrators.length === 0 ? (
          t('none')
        ) : (
          <ul>
            {act.perpetrators.map((p, i) => (
              <li key={i}>
                <PersonLink person={p.person} /> — {term('degree', p.degree)}
                {p.note && <span className="note"> ({p.note})</span>}
              </li>
            ))}
          </ul>
        )}
      </dd>
      {pick(act.descriptionRu, act.descriptionEn) && (
        <>
          <dt>{t('description')}</dt>
          <dd className="prose">{pick(act.descriptionRu, act.descriptionEn)}</dd>
        </>
      )}
    </dl>
  );
}

/** The incident's acts; each can be edited in place or deleted, as the role allows. */
export function ActsSection({
  incidentId,
  acts,
  canEdit,
  canDelete,
  onChanged,
}: {
  incidentId: string;
  acts: Act[];
  canEdit: boolean;
  canDelete: boolean;
  onChanged: () => void;
}) {
  const { t, pick } = useI18n();
  const [editing, setEditing] = useState<string | null>(null);
  const returnFocus = useReturnFocus();
  const deletion = useRemove(onChanged, t('confirmDeletePart'));
  const close = (act: Act) => {
    setEditing(null);
    returnFocus(`edit-${act.id}`);
  };
  return (
    <>
      <ErrorMessage error={deletion.error} onReload={onChanged} />
      {acts.length === 0 && <p>{t('noActs')}</p>}
      <ol className="acts">
        {acts.map((act) => {
          const label = pick(act.actType.labelRu, act.actType.labelEn);
          return (
            <li key={act.id}>
              <h3>{label}</h3>
              {editing === act.id ? (
                <ActForm
                  key={act.version}
                  incidentId={incidentId}
                  act={act}
                  onReload={onChanged}
                  onCancel={() => close(act)}
                  onDone={() => {
                    close(act);
                    onChanged();
                  }}
                />
              ) : (
                <>
                  <ActDetails act={act} />
                  {canEdit && (
                    <button type="button" id={`edit-${act.id}`} onClick={() => setEditing(act.id)}>
                      {t('edit')}: {label}
                    </button>
                  )}{' '}
                  {canDelete && (
                    <MoreMenu name={label}>
                      <button type="button" className="danger" disabled={deletion.busy} onClick={() => void deletion.remove(`/api/acts/${act.id}`)}>
                        {t('delete')}: {label}
                      </button>
                    </MoreMenu>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ol>
      {canEdit && (
        <OnDemand id={`add-act-${incidentId}`} label={t('addAct')}>
          {(done) => (
            <ActForm
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
