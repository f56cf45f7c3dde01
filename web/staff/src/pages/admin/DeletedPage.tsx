import { useState } from 'react';
import { api } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Heading } from '../../components/Heading.js';
import { Link } from '../../components/Link.js';
import { useStatus } from '../../components/Status.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';

interface Deleted {
  id: string;
  titleRu: string;
  titleEn: string;
  deletedAt: string;
  deletedBy: string | null;
}

export function DeletedPage() {
  const { t, pick, formatDateTime } = useI18n();
  const { announce } = useStatus();
  const list = useLoad(() => api.get<{ incidents: Deleted[] }>('/api/deleted'), 'deleted');
  const [error, setError] = useState<unknown>(null);
  const restore = async (d: Deleted) => {
    setError(null);
    try {
      await api.post(`/api/incidents/${d.id}/restore`);
      announce(t('restored'));
      list.reload();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <Heading title={t('deletedTitle')}>{t('deletedTitle')}</Heading>
      <ErrorMessage error={list.error ?? error} />
      {list.data &&
        (list.data.incidents.length === 0 ? (
          <p>{t('noDeleted')}</p>
        ) : (
          <ul className="hits">
            {list.data.incidents.map((d) => (
              <li key={d.id}>
                <strong>{pick(d.titleRu, d.titleEn)}</strong>{' '}
                <span className="meta">
                  {t('deletedAt')}: {formatDateTime(d.deletedAt)}
                </span>{' '}
                <button type="button" onClick={() => void restore(d)}>
                  {t('restore')}: {pick(d.titleRu, d.titleEn)}
                </button>{' '}
                <Link to={`incidents/${d.id}`}>{d.id}</Link>
              </li>
            ))}
          </ul>
        ))}
    </>
  );
}
