import type { ActType, FacetName, Facility, PersonRef } from '../../../../src/cases/index.js';
import type { I18n } from '../i18n/i18n.js';

/** Words for ids: a facet value, an act type, a person reference. */
export function facetLabel(i18n: I18n, facet: FacetName, value: string, facilities: Facility[], actTypes: ActType[]): string {
  if (facet === 'facility') {
    const f = facilities.find((x) => x.id === value);
    return f ? i18n.pick(f.nameRu, f.nameEn) : value;
  }
  if (facet === 'actType') {
    const a = actTypes.find((x) => x.id === value);
    return a ? i18n.pick(a.labelRu, a.labelEn) : value;
  }
  if (facet === 'intervention') return i18n.term('interventionKind', value);
  if (facet === 'hasEvidence') return i18n.term('hasEvidence', value);
  if (facet === 'region') return i18n.region(value);
  return value;
}

export function personName(i18n: I18n, ref: PersonRef | null): string {
  if (!ref) return i18n.t('none');
  return 'restricted' in ref ? i18n.t('restrictedPerson') : ref.name;
}

export function formatSeconds(seconds: number): string {
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
