import { useMemo, useState } from 'react';
import { api } from '../../api/client.js';
import type { Act, EvidenceLink, VaultItem } from '../../api/types.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { formatBytes, formatSeconds } from '../../components/labels.js';
import { Link } from '../../components/Link.js';
import { useStatus } from '../../components/Status.js';
import { useLoad } from '../../components/useLoad.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { contentUrl, EvidencePlayer, isPlayable, type PlayRequest } from './EvidencePlayer.js';

export function EvidenceSection({ incidentId, evidence, acts, canEdit, canDelete, onChanged }: { incidentId: string; evidence: EvidenceLink[]; acts: Act[]; canEdit: boolean; canDelete: boolean; onChanged: () => void }) {
  const { t, pick } = useI18n();
  const { announce } = useStatus();
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
  const unlink = async (link: EvidenceLink) => {
    if (!confirm(t('confirmDelete'))) return;
    await api.del(`/api/evidence-links/${link.id}`);
    announce(t('deleted'));
    onChanged();
  };

  return (
    <>
      {current && <EvidencePlayer request={current} />}
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
                  <button type="button" onClick={() => void unlink(link).catch((e: Error) => announce(e.message))}>
                    {t('unlink')}
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

function EvidenceForm({ incidentId, acts, actLabel, onDone }: { incidentId: string; acts: Act[]; actLabel: (id: string | null) => string; onDone: () => void }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [itemId, setItemId] = useState('');
  const [actId, setActId] = useState('');
  const [start, setStart] = useState('');
  const [end, setEnd] = useState('');
  const [note, setNote] = useState('');
  // Suggestions only: an editor may type any item id, and the list may not be reachable.
  const items = useLoad(() => api.get<{ items: VaultItem[] }>('/api/vault/items?limit=200'), 'items');
  const submit = useSubmit(async () => {
    await api.post(`/api/incidents/${incidentId}/evidence`, {
      itemId: itemId.trim(),
      actId: actId || null,
      startSeconds: start === '' ? null : Number(start),
      endSeconds: end === '' ? null : Number(end),
      note,
    });
    setItemId('');
    setStart('');
    setEnd('');
    setNote('');
    announce(t('created'));
    onDone();
  });
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby="link-evidence-heading" noValidate>
      <h3 id="link-evidence-heading">{t('linkEvidence')}</h3>
      <TextField label={t('itemId')} hint={t('itemIdHint')} value={itemId} onChange={setItemId} list="vault-items" error={errorFor(submit.error, 'itemId')} required />
      <datalist id="vault-items">
        {items.data?.items.map((item) => (
          <option key={item.id} value={item.id}>
            {item.mediaType}, {formatBytes(item.size)}
          </option>
        ))}
      </datalist>
      <SelectField label={t('act')} value={actId} onChange={setActId} error={errorFor(submit.error, 'actId')}>
        <option value="">{t('wholeIncident')}</option>
        {acts.map((a) => (
          <option key={a.id} value={a.id}>
            {actLabel(a.id)}
          </option>
        ))}
      </SelectField>
      <div className="row">
        <TextField label={t('startSeconds')} type="number" min="0" step="any" value={start} onChange={setStart} error={errorFor(submit.error, 'startSeconds')} />
        <TextField label={t('endSeconds')} type="number" min="0" step="any" value={end} onChange={setEnd} error={errorFor(submit.error, 'endSeconds')} />
      </div>
      <TextField label={t('note')} multiline value={note} onChange={setNote} error={errorFor(submit.error, 'note')} />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('linkEvidence')}
      </button>
    </form>
  );
}
