import { api } from '../../api/client.js';
import type { Act, PersonRef } from '../../api/types.js';
import { Link } from '../../components/Link.js';
import { personName } from '../../components/labels.js';
import { useStatus } from '../../components/Status.js';
import { useI18n } from '../../i18n/i18n.js';

function PersonLink({ person }: { person: PersonRef | null }) {
  const i18n = useI18n();
  if (!person || 'restricted' in person) return <span>{personName(i18n, person)}</span>;
  return <Link to={`people/${person.id}`}>{person.name}</Link>;
}

export function ActsSection({ acts, canDelete, onChanged }: { acts: Act[]; canDelete: boolean; onChanged: () => void }) {
  const i18n = useI18n();
  const { t, term, pick } = i18n;
  const { announce } = useStatus();
  if (acts.length === 0) return <p>{t('noActs')}</p>;
  const remove = async (act: Act) => {
    if (!confirm(t('confirmDelete'))) return;
    await api.del(`/api/acts/${act.id}`);
    announce(t('deleted'));
    onChanged();
  };
  return (
    <ol className="acts">
      {acts.map((act) => (
        <li key={act.id}>
          <h3>{pick(act.actType.labelRu, act.actType.labelEn)}</h3>
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
          {canDelete && (
            <button type="button" onClick={() => void remove(act).catch((e: Error) => announce(e.message))}>
              {t('delete')}: {pick(act.actType.labelRu, act.actType.labelEn)}
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
