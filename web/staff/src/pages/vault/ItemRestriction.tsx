import type { VaultItemPage } from '../../../../../src/vault/index.js';
import { can, useSession } from '../../app/session.js';
import { useCompartmentNames } from '../../components/useCompartmentNames.js';
import { useI18n } from '../../i18n/i18n.js';
import { ReleaseRestriction } from './ReleaseRestriction.js';

/** Why the item is hidden from people outside a compartment, and, for an administrator, the release. */
export function ItemRestriction({ page, onChanged }: { page: VaultItemPage; onChanged: () => void }) {
  const { t } = useI18n();
  const { me } = useSession();
  const admin = can(me.user.role, 'manage');
  const nameOf = useCompartmentNames();
  const { compartments, heldItems, insideRestricted } = page.restriction;
  const names = compartments.map(nameOf).join(', ');
  const restricted = compartments.length > 0 || heldItems || insideRestricted;
  return (
    <section aria-labelledby="restriction-heading">
      <h2 id="restriction-heading">{t('itemRestrictionHeading')}</h2>
      {!restricted && <p className="meta">{t('itemNotRestricted')}</p>}
      {compartments.length > 0 && <p className="badge restricted">{t('itemRestrictedTo', { names })}</p>}
      {heldItems && <p>{t('itemHoldsRestricted')}</p>}
      {insideRestricted && <p>{t('itemInsideRestricted')}</p>}
      {admin && compartments.length > 0 && <ReleaseRestriction itemId={page.item.id} names={names} onReleased={onChanged} />}
    </section>
  );
}
