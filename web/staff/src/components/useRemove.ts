import { useState } from 'react';
import { api } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { useStatus } from './Status.js';

/** A delete button's action: asks first, announces "Deleted.", keeps the error to show next to the list. */
export function useRemove(onDone: () => void, question?: string) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const remove = async (url: string) => {
    if (!confirm(question ?? t('confirmDelete'))) return;
    setBusy(true);
    setError(null);
    try {
      await api.del(url);
      announce(t('deleted'));
      onDone();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, remove };
}
