import './media.css';
import { useId, useRef, useState, type FormEvent } from 'react';
import type { IncidentHit } from '../../../../../src/cases/index.js';
import type { MediaClip } from '../../../../../src/media/index.js';
import { api, ApiError } from '../../api/client.js';
import { mediaApi } from '../../api/media.js';
import { can, useSession } from '../../app/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { IncidentPicker } from '../../components/IncidentPicker.js';
import { Link } from '../../components/Link.js';
import { formatDuration, formatRange, formatRecorded, parseClock } from '../../components/media-format.js';
import { useStatus } from '../../components/Status.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';
import { contentUrl } from '../incident/EvidencePlayer.js';

/** A recorder's clock and a file's own time a minute or more apart: the investigator sees both, not one chosen silently. */
const DISAGREEING_MS = 60_000;

/** The time printed on the picture beside the file's own time, when the two disagree. */
function ClipTimes({ item }: { item: MediaClip['item'] }) {
  const { t, lang } = useI18n();
  const printed = item.burnedIn;
  const own = item.recordedFrom === 'printed' ? item.fileRecordedAt : item.recordedAt;
  if (!printed || !own || Math.abs(Date.parse(printed.at) - Date.parse(own)) < DISAGREEING_MS) return null;
  const ownZoned = item.recordedFrom === 'printed' || item.recordedZone !== false;
  return (
    <section aria-labelledby="clip-times-heading" className="clip-times">
      <h2 id="clip-times-heading">{t('clipTimesDisagree')}</h2>
      <p>{t('clipPrintedTime', { date: formatRecorded(printed.at, lang), confidence: printed.confidence.toFixed(2) })}</p>
      <p>{t('clipFileTime', { date: formatRecorded(own, lang) + (ownZoned ? ' UTC' : '') })}</p>
    </section>
  );
}

/**
 * A video's own page, below its facts: the proxy player (the original when no proxy is made yet), the keyframe
 * strip and contact sheet, its near duplicates with the footage they share, and "link this clip or a stretch of
 * it to an incident", the stretch set from the player.
 */
export function ClipSection({ itemId, onLinked }: { itemId: string; onLinked: () => void }) {
  const { t } = useI18n();
  const clip = useLoad(() => mediaApi.clip(itemId), itemId);
  const video = useRef<HTMLVideoElement | null>(null);
  const page = clip.data;
  const view = (kind: string) => page?.views.find((v) => v.kind === kind);
  const proxy = view('proxy');
  const strip = view('strip');
  const sheet = view('sheet');
  // A clip outside the catalogue (not analysed, say) still plays; only a failure other than "not found" is said.
  const failed = clip.error && !(clip.error instanceof ApiError && clip.error.status === 404) ? clip.error : null;
  return (
    <>
      <section aria-labelledby="clip-player-heading" className="clip-player">
        <h2 id="clip-player-heading">{t('clipPlayer')}</h2>
        <figure className="player">
          <video
            key={proxy?.itemId ?? itemId}
            ref={(el) => void (video.current = el)}
            controls
            preload="metadata"
            playsInline
            src={contentUrl(proxy?.itemId ?? itemId)}
            aria-label={t('player')}
          />
          <figcaption>{clip.loading && !page ? t('loading') : proxy ? t('clipProxyCaption') : t('clipOriginalCaption')}</figcaption>
        </figure>
        <ErrorMessage error={failed} onReload={clip.reload} />
      </section>
      {page && (
        <>
          <section aria-labelledby="clip-keyframes-heading" className="clip-keyframes">
            <h2 id="clip-keyframes-heading">{t('clipKeyframes')}</h2>
            {!strip && !sheet ? (
              <p>{t('clipKeyframesNotYet')}</p>
            ) : (
              <>
                {strip && (
                  <figure>
                    <img className="clip-strip" src={contentUrl(strip.itemId)} alt={t('clipStripAlt', { name: page.item.name })} />
                    <figcaption>{t('clipStrip')}</figcaption>
                  </figure>
                )}
                {sheet && (
                  <figure>
                    <img className="clip-sheet" src={contentUrl(sheet.itemId)} alt={t('clipSheetAlt', { name: page.item.name })} />
                    <figcaption>{t('clipSheet')}</figcaption>
                  </figure>
                )}
              </>
            )}
          </section>
          <ClipTimes item={page.item} />
          <ClipDuplicates page={page} />
          <LinkClip page={page} player={video} onLinked={onLinked} />
        </>
      )}
    </>
  );
}

/** The other items of each cluster the clip is in, by name, with the stretches they share with it. */
function ClipDuplicates({ page }: { page: MediaClip }) {
  const { t } = useI18n();
  const self = page.item.id;
  const others = page.clusters.flatMap((c) =>
    c.items
      .filter((i) => i.id !== self)
      .map((other) => ({
        other,
        segments: c.segments.flatMap((s) =>
          s.a === self && s.b === other.id
            ? [{ mine: formatRange(s.aStart, s.aEnd), theirs: formatRange(s.bStart, s.bEnd) }]
            : s.b === self && s.a === other.id
              ? [{ mine: formatRange(s.bStart, s.bEnd), theirs: formatRange(s.aStart, s.aEnd) }]
              : [],
        ),
      })),
  );
  return (
    <section aria-labelledby="clip-duplicates-heading">
      <h2 id="clip-duplicates-heading">{t('clipDuplicates')}</h2>
      {others.length === 0 ? (
        <p>{t('clipNoDuplicates')}</p>
      ) : (
        <ul className="clip-duplicates">
          {others.map(({ other, segments }) => (
            <li key={other.id}>
              <Link to={`vault/${other.id}`}>{other.name}</Link>
              {other.durationSeconds !== undefined && ` (${formatDuration(other.durationSeconds)})`}
              {segments.length > 0 && (
                <ul>
                  {segments.map((s, i) => (
                    <li key={i}>{t('clipSegment', { mine: s.mine, name: other.name, theirs: s.theirs })}</li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface Linked {
  incident: IncidentHit;
  start: number | null;
  end: number | null;
}

/** Link the clip, or the stretch of it set from the player, to an incident picked by its title. */
function LinkClip({ page, player, onLinked }: { page: MediaClip; player: { current: HTMLVideoElement | null }; onLinked: () => void }) {
  const { t, pick } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const [incident, setIncident] = useState<IncidentHit | null>(null);
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [errors, setErrors] = useState<{ incident?: string; start?: string; end?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [linked, setLinked] = useState<Linked[]>([]);
  if (!can(me.user.role, 'edit')) return null;
  const duration = page.item.durationSeconds;
  const now = () => formatDuration(player.current?.currentTime ?? 0);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    const from = start.trim() === '' ? null : parseClock(start);
    const to = end.trim() === '' ? null : parseClock(end);
    if (!incident) found.incident = t('clipChooseIncident');
    if (from === null && start.trim() !== '') found.start = t('clipTimeInvalid');
    if (to === null && end.trim() !== '') found.end = t('clipTimeInvalid');
    else if (to !== null && from !== null && to < from) found.end = t('clipRangeBackwards');
    else if (to !== null && duration !== undefined && to > Math.ceil(duration)) found.end = t('clipPastEnd', { duration: formatDuration(duration) });
    if (from !== null && duration !== undefined && from > Math.ceil(duration)) found.start = t('clipPastEnd', { duration: formatDuration(duration) });
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0 || !incident) return;
    setBusy(true);
    try {
      await api.post(`/api/incidents/${encodeURIComponent(incident.id)}/evidence`, { itemId: page.item.id, startSeconds: from, endSeconds: to });
      setLinked((list) => [...list, { incident, start: from, end: to }]);
      setIncident(null);
      setStart('');
      setEnd('');
      announce(t('clipLinkedTo', { title: pick(incident.titleRu, incident.titleEn) }));
      onLinked();
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="clip-link-heading">
      <h2 id="clip-link-heading">{t('clipLinkHeading')}</h2>
      {linked.length > 0 && (
        <ul className="clip-linked" aria-label={t('clipLinkedList')}>
          {linked.map((l, i) => (
            <li key={i}>
              {t('clipLinkedOne')} <Link to={`incidents/${l.incident.id}`}>{pick(l.incident.titleRu, l.incident.titleEn) || l.incident.id}</Link>
              {' · '}
              {rangeText(t, l.start, l.end)}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void submit(e)} className="record-form clip-link-form" aria-labelledby="clip-link-heading" noValidate>
        {incident ? (
          <p className="chosen">
            {t('clipIncident')}: <strong>{pick(incident.titleRu, incident.titleEn) || incident.id}</strong>{' '}
            <button type="button" onClick={() => setIncident(null)}>
              {t('clipChangeIncident')}
            </button>
          </p>
        ) : (
          <IncidentPicker label={t('clipIncident')} onChoose={setIncident} error={errors.incident} />
        )}
        <fieldset className="clip-range">
          <legend>{t('clipRange')}</legend>
          <p className="hint">{t('clipRangeHint')}</p>
          <ClockField label={t('clipStart')} value={start} onChange={setStart} error={errors.start} />
          <button type="button" onClick={() => setStart(now())}>
            {t('clipSetStart')}
          </button>
          <ClockField label={t('clipEnd')} value={end} onChange={setEnd} error={errors.end} />
          <button type="button" onClick={() => setEnd(now())}>
            {t('clipSetEnd')}
          </button>
        </fieldset>
        <LinkFailure error={failure} />
        <button type="submit" disabled={busy}>
          {t('clipLinkSubmit')}
        </button>
      </form>
    </section>
  );
}

function ClockField({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useI18n();
  const id = useId();
  return (
    <div className="field clock-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        inputMode="decimal"
        placeholder="m:ss"
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        aria-describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
      />
      <span className="hint" id={`${id}-hint`}>
        {t('clipClockHint')}
      </span>
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The server's refusal in words: what the form cannot have caught (the incident gone, the clip restricted since). */
function LinkFailure({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  if (error instanceof ApiError && (error.status === 400 || error.status === 404)) {
    const text =
      error.status === 404
        ? t('clipLinkIncidentGone')
        : error.field === 'itemId'
          ? t('clipLinkItemGone')
          : error.field === 'endSeconds'
            ? t('clipRangeBackwards')
            : t('clipLinkRefused');
    return (
      <div className="error" role="alert">
        <p>{text}</p>
      </div>
    );
  }
  return <ErrorMessage error={error} />;
}

function rangeText(t: ReturnType<typeof useI18n>['t'], start: number | null, end: number | null): string {
  if (start === null && end === null) return t('clipWhole');
  if (end === null) return t('clipFrom', { start: formatDuration(start!) });
  if (start === null) return t('clipUntil', { end: formatDuration(end) });
  return formatRange(start, end);
}
