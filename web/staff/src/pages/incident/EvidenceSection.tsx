import { useMemo, useState } from 'react';
import type { Act, EvidenceLink } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { formatBytes, formatSeconds } from '../../components/labels.js';
import { Link } from '../../components/Link.js';
import { useRemove } from '../../components/useRemove.js';
import { useI18n } from '../../i18n/i18n.js';
import { boxText } from './BoxFields.js';
import { EvidenceForm } from './EvidenceForm.js';
import { contentUrl, EvidencePlayer, isPlayable, type PlayRequest } from './EvidencePlayer.js';

export function EvidenceSection({
  incidentId,
  evidence,
  acts,
  canEdit,
  canDelete,
  onChanged,
}: {
  incidentId: string;
  evidence: EvidenceLink[];
  acts: Act[];
  canEdit: boolean;
  canDelete: boolean;
  onChanged: () => void;
}) {
  const { t, pick } = useI18n();
  const deletion = useRemove(onChanged, t('confirmDeletePart'));
  const playable = evidence.filter((e) => isPlayable(e.mediaType));
  const first = playable[0];
  const [playing, setPlaying] = useState<PlayRequest | null>(null);
  // A new object on every render would make the player seek again each time: keep one per first link.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initial = useMemo<PlayRequest | null>(() => (first ? { link: first, start: first.startSeconds ?? 0, autoplay: false, nonce: 0 } : null), [first?.id]);
  const current = playing && evidence.some((e) => e.id === playing.link.id) ? playing : initial;
  const actLabel = (id: string | null) => {
    const act = acts.find((a) => a.id === id);
    return act ? pick(act.actType.labelRu, act.actType.labelEn) : t('wholeIncident');
  };

  return (
    <>
      {current && <EvidencePlayer request={current} />}
      <ErrorMessage error={deletion.error} onReload={onChanged} />
      {evidence.length === 0 ? (
        <p>{t('noEvidence')}</p>
      ) : (
        <ul className="evidence">
          {evidence.map((link) => {
            const start = link.startSeconds ?? 0;
            return (
              <li key={link.id}>
                <Link to={`vault/${link.itemId}`} aria-label={`${t('openItem')} ${link.itemId}`}>
                  <code>{link.itemId}</code>
                </Link>{' '}
                <span className="meta">
                  {link.mediaType}, {formatBytes(link.size)}
                  {link.startSeconds !== null && ` · ${formatSeconds(link.startSeconds)}`}
                  {link.endSeconds !== null && `–${formatSeconds(link.endSeconds)}`} · {actLabel(link.actId)}
                  {link.box && ` · ${boxText(link.box, t)}`}
                </span>
                {link.note && <p className="note">{link.note}</p>}
                {isPlayable(link.mediaType) ? (
                  <button type="button" onClick={() => setPlaying({ link, start, autoplay: true, nonce: Date.now() })}>
                    {t('playFrom', { time: formatSeconds(start) })}
                  </button>
                ) : (
                  <a href={contentUrl(link.itemId)} download>
                    {t('download')}
                  </a>
                )}{' '}
                {canDelete && (
                  <button type="button" className="danger" disabled={deletion.busy} onClick={() => void deletion.remove(`/api/evidence-links/${link.id}`)}>
                    {t('unlink')}: {link.itemId}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && <EvidenceForm incidentId={incidentId} acts={acts} actLabel={actLabel} onDone={onChanged} />}
    </>
  );
}
