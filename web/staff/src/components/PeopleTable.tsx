import type { PeopleSort, PersonListRow } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { Link } from './Link.js';
import { SortHeader } from './SortHeader.js';
import './lists.css';

export const PEOPLE_COLUMNS = ['kinds', 'born', 'created'] as const;
export type PeopleColumn = (typeof PEOPLE_COLUMNS)[number];
type Sortable = 'name' | 'born' | 'created';

export const PEOPLE_COLUMN_LABEL: Record<'name' | PeopleColumn, MessageKey> = {
  name: 'columnName',
  kinds: 'columnKinds',
  born: 'columnBorn',
  created: 'columnAdded',
};

/** The order a header's first press asks for: names from A, the youngest and the newest records first. */
const FIRST: Record<Sortable, PeopleSort> = { name: 'name-asc', born: 'born-desc', created: 'created-desc' };

function directionOf(sort: string, column: Sortable): 'ascending' | 'descending' | null {
  if (!sort.startsWith(`${column}-`)) return null;
  return sort.endsWith('-asc') ? 'ascending' : 'descending';
}

function nextSort(sort: string, column: Sortable): PeopleSort {
  const now = directionOf(sort, column);
  if (now === null) return FIRST[column];
  return `${column}-${now === 'ascending' ? 'desc' : 'asc'}` as PeopleSort;
}

/** People as a table whose headers sort the whole list on the server; the optional columns as chosen. */
export function PeopleTable({
  people,
  columns,
  sort,
  onSort,
}: {
  people: PersonListRow[];
  columns: PeopleColumn[];
  sort: string;
  onSort: (sort: PeopleSort) => void;
}) {
  const { t, term, formatDate } = useI18n();
  const header = (column: 'name' | PeopleColumn) =>
    column === 'kinds' ? (
      <th scope="col" key={column}>
        {t(PEOPLE_COLUMN_LABEL[column])}
      </th>
    ) : (
      <SortHeader key={column} label={t(PEOPLE_COLUMN_LABEL[column])} direction={directionOf(sort, column)} onSort={() => onSort(nextSort(sort, column))} />
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
        {people.map((p) => (
          <tr key={p.id}>
            <th scope="row">
              <Link to={`people/${p.id}`}>{p.name}</Link>
              {p.restricted && <span className="badge restricted">{t('restrictedRecord')}</span>}
            </th>
            {columns.map((column) => (
              <td key={column}>
                {column === 'kinds' && p.kinds.map((k) => term('personKind', k)).join(', ')}
                {column === 'born' && p.birthDate && formatDate(p.birthDate)}
                {column === 'created' && formatDate(p.createdAt)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
