import { can, useSession } from '../app/session.js';
import { FacilityMap } from '../components/FacilityMap.js';
import { Heading } from '../components/Heading.js';
import { Link } from '../components/Link.js';
import { useI18n } from '../i18n/i18n.js';

export function FacilitiesPage() {
  const { t, pick, term, region } = useI18n();
  const { facilities, me } = useSession();
  const sorted = [...facilities].sort((a, b) => pick(a.nameRu, a.nameEn).localeCompare(pick(b.nameRu, b.nameEn)));
  return (
    <>
      <Heading title={t('facilitiesTitle')}>{t('facilitiesTitle')}</Heading>
      {can(me.user.role, 'edit') && (
        <p>
          <Link to="facilities/new">{t('facilityNew')}</Link>
        </p>
      )}
      <FacilityMap facilities={facilities} />
      <section aria-labelledby="facility-list-heading">
        <h2 id="facility-list-heading">{t('facilityList')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('facility')}</th>
              <th scope="col">{t('type')}</th>
              <th scope="col">{t('region')}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((f) => (
              <tr key={f.id}>
                <td>
                  <Link to={`facilities/${f.id}`}>{pick(f.nameRu, f.nameEn)}</Link>
                </td>
                <td>{term('facilityType', f.type)}</td>
                <td>{region(f.region)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
