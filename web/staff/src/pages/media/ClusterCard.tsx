import { useState } from 'react';
import type { DuplicateCluster, PairMark } from '../../../../../src/media/index.js';
import { mediaApi } from '../../api/media.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Link } from '../../components/Link.js';
import { formatDuration, formatRange, formatRecorded } from '../../components/media-format.js';
import { useStatus } from '../../components/Status.js';
import { useI18n } from '../../i18n/i18n.js';
import { contentUrl } from '../incident/EvidencePlayer.js';
import { PosterSlot } from './PosterSlot.js';

type Verdict = 'same' | 'different' | 'none';

/** One cluster: its items by name, the footage they share, and the investigator's verdict on it and on its pairs. */
export function ClusterCard({ cluster, n, onMarked }: { cluster: DuplicateCluster; n: number; onMarked: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { announce } = useStatus();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const name = (id: string) => cluster.items.find((i) => i.id === id)?.name ?? id;
  const headingId = `cluster-${n}`;
  const mark = async (items: string[], verdict: Verdict) => {
    setBusy(true);
    try {
      await mediaApi.mark({ items, verdict });
      setError(undefined);
      announce(t('dupMarkSaved'));
      onMarked();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  const pairs = cluster.items.flatMap((a, i) => cluster.items.slice(i + 1).map((b) => [a.id, b.id] as const));
  const markOf = (a: string, b: string): PairMark | undefined => cluster.marks.find((m) => (m.a === a && m.b === b) || (m.a === b && m.b === a));
  return (
    <li className="cluster">
      <section aria-labelledby={headingId}>
        <h2 id={headingId}>{t(`dupCluster_${cluster.kind}`, { n })}</h2>
        <p className={`verdict verdict-${cluster.verdict}`}>{t(`dupVerdict_${cluster.verdict}`)}</p>
        <ul className="cluster-items">
          {cluster.items.map((item) => (
            <li key={item.id}>
              <PosterSlot kind={item.kind === 'picture' ? 'image' : 'video'} src={item.posterItemId ? contentUrl(item.posterItemId) : null} />
              <Link to={`vault/${item.id}`}>{item.name}</Link>
              {item.paths[0] && <span className="path">{item.paths[0]}</span>}
            </li>
          ))}
        </ul>
        {(cluster.segments.length > 0 || (cluster.tmk?.length ?? 0) > 0 || (cluster.stills?.length ?? 0) > 0) && (
          <>
            <h3>{t('dupMatches')}</h3>
            <ul className="segments">
              {cluster.segments.map((s) => (
                <li key={`${s.a}:${s.b}`}>
                  {t('dupSegment', { a: name(s.a), aRange: formatRange(s.aStart, s.aEnd), b: name(s.b), bRange: formatRange(s.bStart, s.bEnd) })}
                </li>
              ))}
              {cluster.stills?.map((s) => (
                <li key={`still:${s.picture}:${s.video}`}>{t('dupStill', { picture: name(s.picture), video: name(s.video), at: formatDuration(s.at) })}</li>
              ))}
              {cluster.tmk?.map((p) => (
                <li key={`tmk:${p.a}:${p.b}`}>
                  {t(p.mirrored ? 'dupWholeMirrored' : 'dupWhole', { a: name(p.a), b: name(p.b), score: Math.round(Math.min(p.level1, p.level2) * 100) })}
                </li>
              ))}
            </ul>
          </>
        )}
        <div role="group" aria-label={t('dupMarkCluster')} className="mark-buttons">
          <span aria-hidden="true">{t('dupMarkCluster')}:</span>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void mark(
                cluster.items.map((i) => i.id),
                'same',
              )
            }
          >
            {t('dupMarkSame')}
          </button>
          <button
            type="button"
            disabled={busy}
            onClick={() =>
              void mark(
                cluster.items.map((i) => i.id),
                'different',
              )
            }
          >
            {t('dupMarkDifferent')}
          </button>
        </div>
        <ErrorMessage error={error} />
        <h3>{t('dupPairs')}</h3>
        <ul className="pairs">
          {pairs.map(([a, b]) => {
            const current = markOf(a, b);
            const id = `pair-${n}-${a}-${b}`;
            return (
              <li key={id} className="field">
                <label htmlFor={id}>{t('dupPairLabel', { a: name(a), b: name(b) })}</label>
                <select id={id} disabled={busy} value={current?.verdict ?? 'none'} onChange={(e) => void mark([a, b], e.target.value as Verdict)}>
                  <option value="none">{t('dupMarkNone')}</option>
                  <option value="same">{t('dupMarkSame')}</option>
                  <option value="different">{t('dupMarkDifferent')}</option>
                </select>
                {current && (
                  <span className="marked-by">{t('dupMarkedBy', { by: current.markedBy, at: formatRecorded(current.markedAt, i18n.lang) + ' UTC' })}</span>
                )}
              </li>
            );
          })}
        </ul>
      </section>
    </li>
  );
}
