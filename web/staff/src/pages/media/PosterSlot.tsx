import { useI18n } from '../../i18n/i18n.js';

/**
 * Where an item's poster frame goes once derived views exist (a JPEG vault item of its own). Until then, or
 * when an item has none, a plain box of the same size says so: the card's layout does not jump, and no broken
 * image is ever shown.
 */
export function PosterSlot({ src, kind }: { src?: string | null; kind: string }) {
  const { t } = useI18n();
  return (
    <div className={`poster poster-${kind}`}>{src ? <img src={src} alt="" loading="lazy" /> : <span className="poster-empty">{t('mediaNoPreview')}</span>}</div>
  );
}
