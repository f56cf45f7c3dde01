import type { IncidentHit, IncidentSort } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { Link } from './Link.js';
import { SortHeader } from './SortHeader.js';
import './lists.css';

export const INCIDENT_COLUMNS = ['date', 'facility', 'region'] as const;
export type IncidentColumn = (typeof INCIDENT_COLUMNS)[number];
type Sortable = 'title' | IncidentColumn;

const LABEL: Record<Sortable, MessageKey> = { title: 'columnTitle', date: 'columnDate', facility: 'columnFacility', region: 'columnRegion' };

/** The order a header's first press asks for: dates newest first, names from A. */
const FIRST: Record<Sortable, IncidentSort> = { title: 'title-asc', date: 'date-desc', facility: 'facility-asc', region: 'region-asc' };

function directionOf(sort: string, column: Sortable): 'ascending' | 'descending' | null {
  if (!sort.startsWith(`${column}-`)) return null;
  return sort.endsWith('-asc') ? 'ascending' : 'descending';
}

function nextSort(sort: string, column: Sortable): IncidentSort {
  const now = directionOf(sort, column);
  if (now === null) return FIRST[column];
  return `${column}-${now === 'ascending' ? 'desc' : 'asc'}` as IncidentSort;
}

/** Incidents as a table whose headers sort the whole list on the server; the optional columns as chosen. */
export function IncidentTable({
  hits,
  columns,
  sort,
  onSort,
}: {
  hits: IncidentHit[];
  columns: IncidentColumn[];
  sort: string;
  onSort: (sort: IncidentSort) => void;
}) {
  const { t, pick, formatDate, region } = useI18n();
  const header = (column: Sortable) => (
    <SortHeader key={column} label={t(LABEL[column])} direction={directionOf(sort, column)} onSort={() => onSort(nextSort(sort, column))} />
  );
  return (
    <table className="list-table">
      <thead>
        <tr>
          {header('title')}
          {columns.map(header)}
        </tr>
      </thead>
      <tbody>
        {hits.map((hit) => (
          <tr key={hit.id}>
            <th scope="row">
              <Link to={`incidents/${hit.id}`}>{pick(hit.titleRu, hit.titleEn)}</Link>
              {hit.restricted && <span className="badge restricted">{t('restrictedRecord')}</span>}
            </th>
            {columns.map((column) => (
              <td key={column}>
                {column === 'date' && hit.dateStart && formatDate(hit.dateStart)}
                {column === 'facility' && hit.facility && pick(hit.facility.nameRu, hit.facility.nameEn)}
                {column === 'region' && hit.facility?.region && region(hit.facility.region)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
