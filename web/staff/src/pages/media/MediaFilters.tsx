import type { MediaCatalogueQuery } from '../../../../../src/media/index.js';
import { useI18n } from '../../i18n/i18n.js';

const KINDS = ['video', 'image', 'audio', 'other'] as const;

/** Kind, camera (picked from those the archive holds), only items with near duplicates, and the order. */
export function MediaFilters({ value, cameras, onChange }: { value: MediaCatalogueQuery; cameras: string[]; onChange: (next: MediaCatalogueQuery) => void }) {
  const { t } = useI18n();
  const set = (patch: Partial<MediaCatalogueQuery>) => onChange({ ...value, ...patch, offset: 0 });
  return (
    <form className="media-filters" aria-label={t('mediaFilters')} onSubmit={(e) => e.preventDefault()}>
      <div className="field">
        <label htmlFor="media-kind">{t('mediaKind')}</label>
        <select id="media-kind" value={value.kind ?? ''} onChange={(e) => set({ kind: (e.target.value || undefined) as MediaCatalogueQuery['kind'] })}>
          <option value="">{t('mediaKindAll')}</option>
          {KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`mediaKind_${kind}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="media-camera">{t('mediaCamera')}</label>
        <select id="media-camera" value={value.camera ?? ''} onChange={(e) => set({ camera: e.target.value || undefined })}>
          <option value="">{t('mediaCameraAll')}</option>
          {cameras.map((camera) => (
            <option key={camera} value={camera}>
              {camera}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="media-sort">{t('mediaArrange')}</label>
        <select id="media-sort" value={value.sort ?? 'path'} onChange={(e) => set({ sort: e.target.value === 'recorded' ? 'recorded' : 'path' })}>
          <option value="path">{t('mediaByFolder')}</option>
          <option value="recorded">{t('mediaByRecorded')}</option>
        </select>
      </div>
      <div className="field checkbox">
        <input id="media-duplicates" type="checkbox" checked={value.duplicates ?? false} onChange={(e) => set({ duplicates: e.target.checked || undefined })} />
        <label htmlFor="media-duplicates">{t('mediaOnlyDuplicates')}</label>
      </div>
    </form>
  );
}
