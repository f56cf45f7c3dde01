import { useState } from 'react';
import type { Act, EvidenceLink } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { itemContentUrl } from '../../components/EvidencePicker.js';
import { formatBytes } from '../../components/labels.js';
import { Link } from '../../components/Link.js';
import { MoreMenu } from '../../components/MoreMenu.js';
import { OnDemand } from '../../components/OnDemand.js';
import { useRemove } from '../../components/useRemove.js';
import { useI18n } from '../../i18n/i18n.js';
import { boxText } from './BoxFields.js';
import { clipRangeText, clockText } from './dates.js';
import { EvidenceForm } from './EvidenceForm.js';
import { contentUrl, EvidencePlayer, isPlayable, type PlayRequest } from './EvidencePlayer.js';
import { useItemHits } from './useItemHits.js';

/** The stretch a link points at, in words: 0:12–0:40, from 0:12, or nothing for the whole file. */
function rangeOf(link: EvidenceLink): string | null {
  if (link.startSeconds !== null && link.endSeconds !== null) return clipRangeText(link.startSeconds, link.endSeconds);
  if (link.startSeconds !== null) return `${clockText(link.startSeconds)}–`;
  if (link.endSeconds !== null) return `0:00–${clockText(link.endSeconds)}`;
  return null;
}

/** The incident's evidence, read first: each item by its file name and poster frame, the stretch linked, and its box. */
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
  const hits = useItemHits(evidence.map((e) => e.itemId));
  const [playing, setPlaying] = useState<PlayRequest | null>(null);
  const nameOf = (link: EvidenceLink) => hits.get(link.itemId)?.name ?? link.itemId;
  const current = playing && evidence.some((e) => e.id === playing.link.id) ? playing : null;
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
        <ul className="evidence-cards">
          {evidence.map((link) => {
            const name = nameOf(link);
            const poster = hits.get(link.itemId)?.posterItemId;
            const range = rangeOf(link);
            return (
              <li key={link.id} className="evidence-card">
                {poster ? <img src={itemContentUrl(poster)} alt="" loading="lazy" /> : <span className="item-hit-empty" aria-hidden="true" />}
                <div>
                  <h3>
                    <Link to={`vault/${link.itemId}`}>{name}</Link>
                  </h3>
                  <p className="meta">
                    {link.mediaType}, {formatBytes(link.size)}
                    {range && ` · ${t('evidenceRange', { range })}`} · {actLabel(link.actId)}
                    {link.box && ` · ${boxText(link.box, t)}`}
                  </p>
                  {link.note && <p className="note">{link.note}</p>}
                  <div className="actions">
                    {isPlayable(link.mediaType) ? (
                      <button type="button" onClick={() => setPlaying({ link, name, autoplay: true, nonce: Date.now() })}>
                        {range ? t('playRange', { range }) : t('play')}
                        <span className="visually-hidden">: {name}</span>
                      </button>
                    ) : (
                      <a href={contentUrl(link.itemId)} download>
                        {t('download')}
                        <span className="visually-hidden">: {name}</span>
                      </a>
                    )}
                    {canDelete && (
                      <MoreMenu name={name}>
                        <button
                          type="button"
                          className="danger"
                          disabled={deletion.busy}
                          onClick={() => void deletion.remove(`/api/evidence-links/${link.id}`)}
                        >
                          {t('unlink')}: {name}
                        </button>
                      </MoreMenu>
                    )}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {canEdit && (
        <OnDemand id={`link-evidence-${incidentId}`} label={t('linkEvidence')}>
          {(close) => (
            <EvidenceForm
              incidentId={incidentId}
              acts={acts}
              actLabel={actLabel}
              onCancel={close}
              onDone={() => {
                close();
                onChanged();
              }}
            />
          )}
        </OnDemand>
      )}
    </>
  );
}
