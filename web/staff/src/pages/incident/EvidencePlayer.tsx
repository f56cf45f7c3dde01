import { useEffect, useRef } from 'react';
import type { EvidenceLink } from '../../../../../src/cases/index.js';
import { formatSeconds } from '../../components/labels.js';
import { useI18n } from '../../i18n/i18n.js';

export const contentUrl = (itemId: string) => `/api/vault/items/${encodeURIComponent(itemId)}/content`;
export const isPlayable = (mediaType: string) => mediaType.startsWith('video/') || mediaType.startsWith('audio/');

export interface PlayRequest {
  link: EvidenceLink;
  start: number;
  autoplay: boolean;
  /** Changes on every press of a "play from" button, so pressing it twice seeks again. */
  nonce: number;
}

/** The server decrypts the file and answers Range requests, so the browser can seek in it directly. */
export function EvidencePlayer({ request }: { request: PlayRequest }) {
  const { t } = useI18n();
  const ref = useRef<HTMLMediaElement | null>(null);
  useEffect(() => {
    const media = ref.current;
    if (!media) return;
    const seek = () => {
      if (request.start > 0) media.currentTime = request.start;
      if (request.autoplay) void media.play().catch(() => {});
    };
    // Before its metadata loads, the element cannot seek: setting currentTime then is lost.
    if (media.readyState >= 1) seek();
    else {
      media.addEventListener('loadedmetadata', seek, { once: true });
      return () => media.removeEventListener('loadedmetadata', seek);
    }
  }, [request]);
  const label = t('nowPlaying', { id: request.link.itemId, time: formatSeconds(request.start) });
  const props = { controls: true, preload: 'metadata', src: contentUrl(request.link.itemId), 'aria-label': t('player') } as const;
  return (
    <figure className="player">
      {request.link.mediaType.startsWith('audio/') ? (
        <audio key={request.link.itemId} ref={(el) => void (ref.current = el)} {...props} />
      ) : (
        <video key={request.link.itemId} ref={(el) => void (ref.current = el)} {...props} />
      )}
      <figcaption>{label}</figcaption>
    </figure>
  );
}
