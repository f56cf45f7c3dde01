import type { IncidentHit, IncidentSort } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { Link } from './Link.js';
import { SortHeader } from './SortHeader.js';
import { TagList } from './TagList.js';
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
  selected,
  onSelect,
}: {
  hits: IncidentHit[];
  columns: IncidentColumn[];
  sort: string;
  onSort: (sort: IncidentSort) => void;
  /** With these, a first column of checkboxes selects rows for a bulk action. */
  selected?: string[];
  onSelect?: (ids: string[]) => void;
}) {
  const { t, pick, formatDate, region } = useI18n();
  const header = (column: Sortable) => (
    <SortHeader key={column} label={t(LABEL[column])} direction={directionOf(sort, column)} onSort={() => onSort(nextSort(sort, column))} />
  );
  return (
    <table className="list-table">
      <thead>
        <tr>
          {selected && onSelect && (
            <td className="select-cell">
              <input
                type="checkbox"
                aria-label={t('selectAllOnPage')}
                checked={hits.length > 0 && hits.every((h) => selected.includes(h.id))}
                onChange={(e) => onSelect(e.target.checked ? hits.map((h) => h.id) : [])}
              />
            </td>
          )}
          {header('title')}
          {columns.map(header)}
        </tr>
      </thead>
      <tbody>
        {hits.map((hit) => (
          <tr key={hit.id}>
            {selected && onSelect && (
              <td className="select-cell">
                <input
                  type="checkbox"
                  aria-label={t('selectIncident', { title: pick(hit.titleRu, hit.titleEn) })}
                  checked={selected.includes(hit.id)}
                  onChange={(e) => onSelect(e.target.checked ? [...selected, hit.id] : selected.filter((id) => id !== hit.id))}
                />
              </td>
            )}
            <th scope="row">
              <Link to={`incidents/${hit.id}`}>{pick(hit.titleRu, hit.titleEn)}</Link>
              {hit.restricted && <span className="badge restricted">{t('restrictedRecord')}</span>}
              <TagList tags={hit.tags} label={t('tags')} />
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
