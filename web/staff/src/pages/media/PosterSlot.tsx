import { useI18n } from '../../i18n/i18n.js';

/**
 * An item's poster frame (a JPEG view, a vault item of its own, made after the item's analysis). Until it is
 * made, or when it cannot be, a plain box of the same size says so: the card's layout does not jump, and no
 * broken image is ever shown.
 */
export function PosterSlot({ src, kind }: { src?: string | null; kind: string }) {
  const { t } = useI18n();
  return (
    <div className={`poster poster-${kind}`}>{src ? <img src={src} alt="" loading="lazy" /> : <span className="poster-empty">{t('mediaNoPreview')}</span>}</div>
  );
}
