import type { ActType } from '../../../../../src/cases/index.js';
import type { I18n } from '../../i18n/i18n.js';

/** Options for the act-type select: acts without sub-types first, then each parent with its methods in a group. */
export function ActTypeOptions({ actTypes, i18n }: { actTypes: ActType[]; i18n: I18n }) {
  const sorted = [...actTypes].sort((a, b) => a.sort - b.sort);
  const parents = new Set(sorted.map((a) => a.parentId).filter((p): p is string => !!p));
  const roots = sorted.filter((a) => !a.parentId);
  const label = (a: ActType) => i18n.pick(a.labelRu, a.labelEn);
  return (
    <>
      <option value="">{i18n.t('chooseActType')}</option>
      <optgroup label={i18n.t('otherActs')}>
        {roots
          .filter((a) => !parents.has(a.id))
          .map((a) => (
            <option key={a.id} value={a.id}>
              {label(a)}
            </option>
          ))}
      </optgroup>
      {roots
        .filter((a) => parents.has(a.id))
        .map((parent) => (
          <optgroup key={parent.id} label={parent.id === 'torture' ? i18n.t('tortureMethods') : label(parent)}>
            <option value={parent.id}>{label(parent)}</option>
            {sorted
              .filter((a) => a.parentId === parent.id)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {label(a)}
                </option>
              ))}
          </optgroup>
        ))}
    </>
  );
}
