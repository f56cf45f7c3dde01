import { useRef, useState } from 'react';
import { api } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { useStatus } from '../../components/Status.js';
import { useI18n } from '../../i18n/i18n.js';

/**
 * An administrator's release of an item's compartments: a button that opens a confirmation saying what
 * will happen, then the release itself. The server refuses while a restricted incident still uses the
 * item, and says which.
 */
export function ReleaseRestriction({ itemId, names, onReleased }: { itemId: string; names: string; onReleased: () => void }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const opener = useRef<HTMLButtonElement>(null);
  const close = () => {
    setAsking(false);
    setTimeout(() => opener.current?.focus(), 0);
  };
  const release = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.post(`/api/vault/items/${encodeURIComponent(itemId)}/release`);
      announce(t('restrictionReleased'));
      setAsking(false);
      onReleased();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  if (!asking) {
    return (
      <button type="button" ref={opener} className="danger" aria-expanded={false} onClick={() => setAsking(true)}>
        {t('releaseRestriction')}
      </button>
    );
  }
  return (
    <div role="group" aria-labelledby="release-question" className="confirmation">
      <p id="release-question">{t('releaseQuestion', { names })}</p>
      <ErrorMessage error={error} />
      <button type="button" className="danger" disabled={busy} autoFocus onClick={() => void release()}>
        {t('releaseConfirm')}
      </button>{' '}
      <button type="button" disabled={busy} onClick={close}>
        {t('cancel')}
      </button>
    </div>
  );
}
