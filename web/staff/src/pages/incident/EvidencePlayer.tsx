import { useEffect, useRef } from 'react';
import type { EvidenceLink } from '../../../../../src/cases/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { clipRangeText, clockText } from './dates.js';

export const contentUrl = (itemId: string) => `/api/vault/items/${encodeURIComponent(itemId)}/content`;
export const isPlayable = (mediaType: string) => mediaType.startsWith('video/') || mediaType.startsWith('audio/');

export interface PlayRequest {
  link: EvidenceLink;
  /** The file's name as the viewer may see it. */
  name: string;
  autoplay: boolean;
  /** Changes on every press of a "play" button, so pressing it twice plays the range again. */
  nonce: number;
}

/**
 * The linked stretch of a recording, and only it: the player starts at the link's start and stops at its end
 * (a media fragment `#t=start,end`, and a check on every time update, since a fragment's end is only a hint once
 * the viewer seeks). The server decrypts the file and answers Range requests, so the browser seeks in it directly.
 */
export function EvidencePlayer({ request }: { request: PlayRequest }) {
  const { t } = useI18n();
  const ref = useRef<HTMLMediaElement | null>(null);
  const { link } = request;
  const start = link.startSeconds ?? 0;
  const end = link.endSeconds;
  useEffect(() => {
    const media = ref.current;
    if (!media) return;
    const seek = () => {
      media.currentTime = start;
      if (request.autoplay) void media.play().catch(() => {});
    };
    const stop = () => {
      if (end !== null && media.currentTime >= end) {
        media.pause();
        media.currentTime = end;
      }
    };
    media.addEventListener('timeupdate', stop);
    if (media.readyState >= 1) seek();
    else media.addEventListener('loadedmetadata', seek, { once: true });
    return () => {
      media.removeEventListener('timeupdate', stop);
      media.removeEventListener('loadedmetadata', seek);
    };
  }, [request, start, end]);
  const fragment = end !== null ? `#t=${start},${end}` : start > 0 ? `#t=${start}` : '';
  const range = end !== null ? clipRangeText(start, end) : clockText(start);
  const props = { controls: true, preload: 'metadata', src: `${contentUrl(link.itemId)}${fragment}`, 'aria-label': t('player') } as const;
  return (
    <figure className="player">
      {link.mediaType.startsWith('audio/') ? (
        <audio key={link.id} ref={(el) => void (ref.current = el)} {...props} />
      ) : (
        <video key={link.id} ref={(el) => void (ref.current = el)} playsInline {...props} />
      )}
      <figcaption>{t('nowPlayingRange', { name: request.name, range })}</figcaption>
    </figure>
  );
}
