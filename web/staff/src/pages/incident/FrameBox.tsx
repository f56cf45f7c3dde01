import { useEffect, useId, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { ApiError } from '../../api/client.js';
import { mediaApi } from '../../api/media.js';
import { itemContentUrl } from '../../components/EvidencePicker.js';
import { parseDecimal } from '../../components/numbers.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';
import { BoxFields, type BoxDraft } from './BoxFields.js';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const STEP = 0.01;
const clamp = (n: number, low = 0, high = 1) => Math.min(high, Math.max(low, n));
const text = (n: number) => String(Math.round(n * 10_000) / 10_000);
const toDraft = (b: Box): BoxDraft => ({ x: text(b.x), y: text(b.y), width: text(b.width), height: text(b.height) });

function fromDraft(draft: BoxDraft): Box | null {
  const [x, y, width, height] = [draft.x, draft.y, draft.width, draft.height].map((v) => parseDecimal(v));
  if ([x, y, width, height].some((v) => v === null || v === undefined || !Number.isFinite(v))) return null;
  return { x: x!, y: y!, width: width!, height: height! };
}

/** The rectangle between two corners, as fractions of the frame, inside it. */
function between(a: { x: number; y: number }, b: { x: number; y: number }): Box {
  const x = clamp(Math.min(a.x, b.x));
  const y = clamp(Math.min(a.y, b.y));
  return { x, y, width: clamp(Math.max(a.x, b.x)) - x, height: clamp(Math.max(a.y, b.y)) - y };
}

/**
 * The box on the frame, drawn rather than typed: the frame at the chosen time (from the clip's proxy when media
 * analysis made one, else the file itself), on which the investigator drags a rectangle with a mouse, a pen or a
 * finger. From the keyboard, the arrow keys move the box and Shift with the arrows resizes it; the four numbers stay
 * under "Enter numbers". The box is stored as fractions of the frame from its top left corner, as before.
 */
export function FrameBox({
  itemId,
  mediaType,
  seconds,
  value,
  onChange,
  error,
}: {
  itemId: string;
  mediaType: string;
  seconds: number;
  value: BoxDraft;
  onChange: (next: BoxDraft) => void;
  error: unknown;
}) {
  const { t } = useI18n();
  const id = useId();
  const isVideo = mediaType.startsWith('video/');
  const clip = useLoad(
    () => (isVideo ? mediaApi.clip(itemId).catch((e: unknown) => (e instanceof ApiError ? null : Promise.reject(e))) : Promise.resolve(null)),
    itemId,
  );
  const proxy = clip.data?.views.find((v) => v.kind === 'proxy');
  const video = useRef<HTMLVideoElement | null>(null);
  const surface = useRef<HTMLDivElement>(null);
  const [anchor, setAnchor] = useState<{ x: number; y: number } | null>(null);
  const box = fromDraft(value);

  useEffect(() => {
    const media = video.current;
    if (!media) return;
    const seek = () => void (media.currentTime = seconds);
    if (media.readyState >= 1) seek();
    else {
      media.addEventListener('loadedmetadata', seek, { once: true });
      return () => media.removeEventListener('loadedmetadata', seek);
    }
  }, [seconds, proxy?.itemId, clip.loading]);

  const at = (e: PointerEvent<HTMLDivElement>) => {
    const rect = surface.current!.getBoundingClientRect();
    return { x: clamp((e.clientX - rect.left) / rect.width), y: clamp((e.clientY - rect.top) / rect.height) };
  };
  const down = (e: PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    e.currentTarget.focus({ preventScroll: true });
    setAnchor(at(e));
  };
  const move = (e: PointerEvent<HTMLDivElement>) => {
    if (anchor) onChange(toDraft(between(anchor, at(e))));
  };
  const up = (e: PointerEvent<HTMLDivElement>) => {
    if (!anchor) return;
    const drawn = between(anchor, at(e));
    setAnchor(null);
    // A click without a drag draws nothing, and leaves the box as it was.
    if (drawn.width > 0.005 && drawn.height > 0.005) onChange(toDraft(drawn));
  };
  const key = (e: KeyboardEvent<HTMLDivElement>) => {
    const d = { ArrowLeft: [-STEP, 0], ArrowRight: [STEP, 0], ArrowUp: [0, -STEP], ArrowDown: [0, STEP] }[e.key];
    if (!d) return;
    e.preventDefault();
    const current = box ?? { x: 0.25, y: 0.25, width: 0.5, height: 0.5 };
    const [dx, dy] = d as [number, number];
    const next = e.shiftKey
      ? { ...current, width: clamp(current.width + dx, STEP, 1 - current.x), height: clamp(current.height + dy, STEP, 1 - current.y) }
      : { ...current, x: clamp(current.x + dx, 0, 1 - current.width), y: clamp(current.y + dy, 0, 1 - current.height) };
    onChange(toDraft(box ? next : current));
  };

  const src = itemContentUrl(proxy?.itemId ?? itemId);
  return (
    <fieldset className="frame-box-field">
      <legend>{t('box')}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t('frameBoxHint')}
      </p>
      <div className="frame-box">
        {isVideo ? (
          clip.loading ? (
            <p>{t('loading')}</p>
          ) : (
            <video key={src} ref={(el) => void (video.current = el)} src={src} muted playsInline preload="auto" aria-hidden="true" />
          )
        ) : (
          <img src={src} alt="" />
        )}
        <div
          ref={surface}
          className="frame-surface"
          role="group"
          tabIndex={0}
          aria-label={t('frameBoxLabel')}
          aria-describedby={`${id}-hint ${id}-now`}
          onPointerDown={down}
          onPointerMove={move}
          onPointerUp={up}
          onPointerCancel={() => setAnchor(null)}
          onKeyDown={key}
          data-testid="frame-surface"
        >
          {box && (
            <div
              className="frame-rect"
              style={{ left: `${box.x * 100}%`, top: `${box.y * 100}%`, width: `${box.width * 100}%`, height: `${box.height * 100}%` }}
            />
          )}
        </div>
      </div>
      <p id={`${id}-now`} className="meta" aria-live="polite">
        {box ? t('frameBoxNow', { x: pct(box.x), y: pct(box.y), width: pct(box.width), height: pct(box.height) }) : t('frameBoxNone')}
      </p>
      {box && (
        <button type="button" onClick={() => onChange({ x: '', y: '', width: '', height: '' })}>
          {t('frameBoxClear')}
        </button>
      )}
      <details className="box-numbers">
        <summary>{t('frameBoxNumbers')}</summary>
        <BoxFields value={value} onChange={onChange} error={error} />
      </details>
    </fieldset>
  );
}

const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;
