import type { ItemSort, VaultListItem } from '../../../../src/vault/index.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { formatBytes } from './labels.js';
import { Link } from './Link.js';
import { SortHeader } from './SortHeader.js';
import './lists.css';

export const VAULT_COLUMNS = ['type', 'size', 'stored', 'verified'] as const;
export type VaultColumn = (typeof VAULT_COLUMNS)[number];
type Sortable = 'name' | 'type' | 'size' | 'stored';

export const VAULT_COLUMN_LABEL: Record<'name' | VaultColumn, MessageKey> = {
  name: 'columnFileName',
  type: 'columnType',
  size: 'columnSize',
  stored: 'columnStored',
  verified: 'columnVerified',
};

/** The server's name of each column's order, and the order a header's first press asks for: names from A, the largest and the newest first. */
const KEY: Record<Sortable, string> = { name: 'name', type: 'type', size: 'size', stored: 'ingested' };
const FIRST: Record<Sortable, ItemSort> = { name: 'name-asc', type: 'type-asc', size: 'size-desc', stored: 'ingested-desc' };

function directionOf(sort: string, column: Sortable): 'ascending' | 'descending' | null {
  if (!sort.startsWith(`${KEY[column]}-`)) return null;
  return sort.endsWith('-asc') ? 'ascending' : 'descending';
}

function nextSort(sort: string, column: Sortable): ItemSort {
  const now = directionOf(sort, column);
  if (now === null) return FIRST[column];
  return `${KEY[column]}-${now === 'ascending' ? 'desc' : 'asc'}` as ItemSort;
}

/** Vault items as a table whose headers sort the whole vault on the server; the optional columns as chosen. */
export function VaultTable({
  items,
  columns,
  sort,
  onSort,
}: {
  items: VaultListItem[];
  columns: VaultColumn[];
  sort: string;
  onSort: (sort: ItemSort) => void;
}) {
  const { t, formatDateTime } = useI18n();
  const header = (column: 'name' | VaultColumn) =>
    column === 'verified' ? (
      <th scope="col" key={column}>
        {t(VAULT_COLUMN_LABEL[column])}
      </th>
    ) : (
      <SortHeader key={column} label={t(VAULT_COLUMN_LABEL[column])} direction={directionOf(sort, column)} onSort={() => onSort(nextSort(sort, column))} />
    );
  return (
    <table className="list-table">
      <thead>
        <tr>
          {header('name')}
          {columns.map(header)}
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.id}>
            <th scope="row">
              <Link to={`vault/${item.id}`}>{item.name ?? <code>{item.id}</code>}</Link>
              {item.name === null && <span className="meta"> ({t('noFileName')})</span>}
            </th>
            {columns.map((column) => (
              <td key={column}>
                {column === 'type' && item.mediaType}
                {column === 'size' && formatBytes(item.size)}
                {column === 'stored' && formatDateTime(item.createdAt)}
                {column === 'verified' &&
                  (item.verifiedAt ? `${item.verification ?? ''} (${t('verifiedOn', { date: formatDateTime(item.verifiedAt) })})` : t('notVerified'))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
