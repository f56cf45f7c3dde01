import { useState } from 'react';
import { api, query } from '../api/client.js';
import type { Batch, VaultItem } from '../../../../src/vault/index.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { formatBytes } from '../components/labels.js';
import { Link } from '../components/Link.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';

const PAGE = 50;

export function VaultPage() {
  const { t, formatDateTime } = useI18n();
  // The vault pages by cursor: keep the cursors we came through so Previous works.
  const [cursors, setCursors] = useState<string[]>(['']);
  const after = cursors[cursors.length - 1]!;
  const items = useLoad(() => api.get<{ items: VaultItem[]; next: string | null }>(`/api/vault/items${query({ limit: PAGE, after })}`), after);
  const batches = useLoad(() => api.get<Batch[]>('/api/vault/batches'), 'batches');
  return (
    <>
      <Heading title={t('vaultTitle')}>{t('vaultTitle')}</Heading>
      <section aria-labelledby="items-heading">
        <h2 id="items-heading">{t('items')}</h2>
        <ErrorMessage error={items.error} />
        {items.data && (
          <table>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">{t('mediaType')}</th>
                <th scope="col">{t('size')}</th>
                <th scope="col">{t('createdAt')}</th>
                <th scope="col">{t('verified')}</th>
              </tr>
            </thead>
            <tbody>
              {items.data.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link to={`vault/${item.id}`}>
                      <code>{item.id}</code>
                    </Link>
                  </td>
                  <td>{item.mediaType}</td>
                  <td>{formatBytes(item.size)}</td>
                  <td>{formatDateTime(item.createdAt)}</td>
                  <td>{item.verifiedAt ? `${item.verification ?? ''} (${t('verifiedOn', { date: formatDateTime(item.verifiedAt) })})` : t('notVerified')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <nav aria-label={t('pagination')} className="pager">
          <button type="button" disabled={cursors.length === 1} onClick={() => setCursors((c) => c.slice(0, -1))}>
            {t('previous')}
          </button>
          <button type="button" disabled={!items.data?.next} onClick={() => items.data?.next && setCursors((c) => [...c, items.data!.next!])}>
            {t('next')}
          </button>
        </nav>
      </section>
      <section aria-labelledby="batches-heading">
        <h2 id="batches-heading">{t('batches')}</h2>
        <ErrorMessage error={batches.error} />
        {batches.data && (
          <table>
            <thead>
              <tr>
                <th scope="col">ID</th>
                <th scope="col">{t('started')}</th>
                <th scope="col">{t('finished')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('roots')}</th>
                <th scope="col">{t('newItems')}</th>
                <th scope="col">{t('duplicates')}</th>
                <th scope="col">{t('resumed')}</th>
                <th scope="col">{t('size')}</th>
                <th scope="col">{t('problems')}</th>
              </tr>
            </thead>
            <tbody>
              {batches.data.map((b) => (
                <tr key={b.id}>
                  <td>
                    <code>{b.id}</code>
                  </td>
                  <td>{formatDateTime(b.startedAt)}</td>
                  <td>{formatDateTime(b.finishedAt)}</td>
                  <td>{b.status}</td>
                  <td>{b.rootsWithheld ? <em>{t('rootsWithheld')}</em> : b.roots.join(', ')}</td>
                  <td>{b.itemsNew}</td>
                  <td>{b.itemsDuplicate}</td>
                  <td>{b.itemsResumed ?? '—'}</td>
                  <td>{formatBytes(b.bytes)}</td>
                  <td>{b.problems ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
