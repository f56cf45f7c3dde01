import { api, query } from '../api/client.js';
import type { Batch, ItemSort, VaultItemList } from '../../../../src/vault/index.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { CheckboxList, SelectField } from '../components/fields.js';
import { Heading } from '../components/Heading.js';
import { formatBytes } from '../components/labels.js';
import { Link } from '../components/Link.js';
import { useColumns } from '../components/useColumns.js';
import { useLoad } from '../components/useLoad.js';
import { VAULT_COLUMN_LABEL, VAULT_COLUMNS, VaultTable } from '../components/VaultTable.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { plural } from '../i18n/plural.js';
import { navigate, useLocation } from '../router.js';

/** An ingest batch's state in the reader's words. */
const BATCH_STATUS: Record<string, MessageKey> = {
  running: 'batchStatus_running',
  finished: 'batchStatus_finished',
  interrupted: 'batchStatus_interrupted',
  failed: 'batchStatus_failed',
};

const PAGE = 50;
const SORTS: Array<[ItemSort, MessageKey]> = [
  ['ingested-desc', 'sortStoredDesc'],
  ['ingested-asc', 'sortStoredAsc'],
  ['name-asc', 'sortFileNameAsc'],
  ['name-desc', 'sortFileNameDesc'],
  ['size-desc', 'sortSizeDesc'],
  ['size-asc', 'sortSizeAsc'],
  ['type-asc', 'sortTypeAsc'],
  ['type-desc', 'sortTypeDesc'],
];

/** The vault list sorted on the server; its order and page live in the address, so Back and shared links keep them. */
export function VaultPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { search } = useLocation();
  const sort = (search.get('sort') as ItemSort | null) ?? 'ingested-desc';
  const offset = Number(search.get('offset') ?? 0) || 0;
  const [columns, setColumns] = useColumns('vault', VAULT_COLUMNS, VAULT_COLUMNS);
  const key = query({ sort, offset, limit: PAGE });
  const items = useLoad(() => api.get<VaultItemList>(`/api/vault/items${key}`), key);
  const batches = useLoad(() => api.get<Batch[]>('/api/vault/batches'), 'batches');
  const go = (next: { sort?: string; offset?: number }) => {
    const merged = { sort: search.get('sort') ?? undefined, ...next };
    navigate(`vault${query({ sort: merged.sort, offset: merged.offset || undefined })}`);
  };
  const data = items.data;
  const total = data?.total ?? 0;
  return (
    <>
      <Heading title={t('vaultTitle')}>{t('vaultTitle')}</Heading>
      <section aria-labelledby="items-heading" aria-busy={items.loading}>
        <h2 id="items-heading">{data ? plural(i18n, 'vaultItemsCount', total) : t('items')}</h2>
        <ErrorMessage error={items.error} />
        <div className="list-sort">
          <SelectField label={t('sort')} value={sort} onChange={(v) => go({ sort: v, offset: 0 })}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {t(label)}
              </option>
            ))}
          </SelectField>
        </div>
        <div className="column-chooser">
          <CheckboxList
            legend={t('columns')}
            options={VAULT_COLUMNS.map((c) => ({ value: c, label: t(VAULT_COLUMN_LABEL[c]) }))}
            selected={columns}
            onChange={setColumns}
          />
        </div>
        {data && data.items.length > 0 && (
          <>
            <VaultTable items={data.items} columns={columns} sort={sort} onSort={(next) => go({ sort: next, offset: 0 })} />
            <ul className="hits list-cards">
              {data.items.map((item) => (
                <li key={item.id}>
                  <Link to={`vault/${item.id}`}>{item.name ?? <code>{item.id}</code>}</Link>
                  <div className="meta">
                    <span>{item.mediaType}</span>
                    <span>{formatBytes(item.size)}</span>
                    <span>{formatDateTime(item.createdAt)}</span>
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
        {total > PAGE && (
          <nav aria-label={t('pagination')} className="pager">
            <button type="button" disabled={offset === 0} onClick={() => go({ offset: Math.max(0, offset - PAGE) })}>
              {t('previous')}
            </button>
            <span>{t('page', { page: Math.floor(offset / PAGE) + 1, pages: Math.ceil(total / PAGE) })}</span>
            <button type="button" disabled={offset + PAGE >= total} onClick={() => go({ offset: offset + PAGE })}>
              {t('next')}
            </button>
          </nav>
        )}
      </section>
      <section aria-labelledby="batches-heading">
        <h2 id="batches-heading">{t('batches')}</h2>
        <ErrorMessage error={batches.error} />
        {batches.data && (
          <table className="stacked">
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
                  <td data-label="ID">
                    <code>{b.id}</code>
                  </td>
                  <td data-label={t('started')}>{formatDateTime(b.startedAt)}</td>
                  <td data-label={t('finished')}>{formatDateTime(b.finishedAt)}</td>
                  <td data-label={t('status')}>{BATCH_STATUS[b.status] ? t(BATCH_STATUS[b.status]!) : b.status}</td>
                  <td data-label={t('roots')}>{b.rootsWithheld ? <em>{t('rootsWithheld')}</em> : b.roots.join(', ')}</td>
                  <td data-label={t('newItems')}>{b.itemsNew}</td>
                  <td data-label={t('duplicates')}>{b.itemsDuplicate}</td>
                  <td data-label={t('resumed')}>{b.itemsResumed ?? '—'}</td>
                  <td data-label={t('size')}>{formatBytes(b.bytes)}</td>
                  <td data-label={t('problems')}>{b.problems ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
