import { useEffect, useState, type FormEvent } from 'react';
import { api, query } from '../api/client.js';
import type { FacetName, SearchResult } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { CheckboxList, SelectField } from '../components/fields.js';
import { Heading } from '../components/Heading.js';
import { Link } from '../components/Link.js';
import { facetOrder } from '../components/facet-order.js';
import { facetLabel } from '../components/labels.js';
import { IncidentHits } from '../components/IncidentHits.js';
import { BulkExport } from '../components/BulkExport.js';
import { BulkRestrict } from '../components/BulkRestrict.js';
import { BulkTag } from '../components/BulkTag.js';
import { INCIDENT_COLUMNS, IncidentTable } from '../components/IncidentTable.js';
import { useColumns } from '../components/useColumns.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import { plural } from '../i18n/plural.js';
import { navigate, useLocation } from '../router.js';

const FACETS: FacetName[] = ['tag', 'facility', 'region', 'actType', 'year', 'intervention', 'hasEvidence'];
/** Tags can be many: the most used are shown until the reader asks for all. */
const TAGS_SHOWN = 15;
const PAGE = 20;
const COLUMN_LABEL = { date: 'columnDate', facility: 'columnFacility', region: 'columnRegion' } as const;

/** The search's state lives in the address, so Back and shared links keep it. */
export function IncidentList() {
  const i18n = useI18n();
  const { t } = i18n;
  const { facilities, actTypes, me } = useSession();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const sort = search.get('sort') ?? (q ? 'relevance' : 'date-desc');
  const offset = Number(search.get('offset') ?? 0) || 0;
  const selected = Object.fromEntries(FACETS.map((f) => [f, search.getAll(f)])) as Record<FacetName, string[]>;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [chosen, setChosen] = useState<string[]>([]);
  // Rows are selected only for a bulk action this reader may take: tag, export, restrict.
  const role = me.user.role;
  const canBulk = can(role, 'edit') || can(role, 'exportRecords') || (can(role, 'restrict') && me.compartments.length > 0);
  const [allTags, setAllTags] = useState(false);

  const hasEvidence = selected.hasEvidence.length === 1 ? selected.hasEvidence[0] === 'yes' : undefined;
  const [columns, setColumns] = useColumns('incidents', INCIDENT_COLUMNS, INCIDENT_COLUMNS);
  const byName = sort.startsWith('title') || sort.startsWith('facility') || sort.startsWith('region');
  const apiQuery = query({
    q,
    sort,
    // Names are ordered in the reader's alphabet, so the language is part of the query only when it matters.
    lang: byName ? i18n.lang : undefined,
    offset,
    limit: PAGE,
    facility: selected.facility,
    region: selected.region,
    actType: selected.actType,
    year: selected.year,
    intervention: selected.intervention,
    hasEvidence,
    tag: selected.tag,
  });
  const [reloads, setReloads] = useState(0);
  const result = useLoad(() => api.get<SearchResult>(`/api/incidents${apiQuery}`), `${apiQuery}#${reloads}`);
  // A selection is of the rows on this page: another page, order or search starts a new one.
  useEffect(() => setChosen([]), [apiQuery]);

  const go = (changes: Record<string, string | string[] | undefined>) => {
    const next = new URLSearchParams(search);
    for (const [key, value] of Object.entries(changes)) {
      next.delete(key);
      if (Array.isArray(value)) for (const v of value) next.append(key, v);
      else if (value) next.set(key, value);
    }
    if (!('offset' in changes)) next.delete('offset');
    const text = next.toString();
    navigate(`incidents${text ? `?${text}` : ''}`);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    go({ q: text.trim(), sort: undefined });
  };

  const data = result.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE)) : 1;
  const pageNo = Math.floor(offset / PAGE) + 1;
  const anyFilter = FACETS.some((f) => selected[f].length > 0);

  return (
    <>
      <Heading title={t('incidentsTitle')}>{t('incidentsTitle')}</Heading>
      <p className="page-links">
        <Link to="statistics">{t('navStatistics')}</Link>
      </p>
      <form role="search" className="search" onSubmit={submit}>
        <div className="field">
          <label htmlFor="incident-search">{t('search')}</label>
          <input id="incident-search" type="search" value={text} onChange={(e) => setText(e.target.value)} aria-describedby="incident-search-hint" />
          <span className="hint" id="incident-search-hint">
            {t('searchHint')}
          </span>
        </div>
        <button type="submit">{t('searchButton')}</button>
        <SelectField label={t('sort')} value={sort} onChange={(v) => go({ sort: v })}>
          <option value="relevance">{t('sortRelevance')}</option>
          <option value="date-desc">{t('sortDateDesc')}</option>
          <option value="date-asc">{t('sortDateAsc')}</option>
          <option value="updated-desc">{t('sortUpdated')}</option>
          <option value="title-asc">{t('sortTitleAsc')}</option>
          <option value="title-desc">{t('sortTitleDesc')}</option>
          <option value="facility-asc">{t('sortFacilityAsc')}</option>
          <option value="facility-desc">{t('sortFacilityDesc')}</option>
          <option value="region-asc">{t('sortRegionAsc')}</option>
          <option value="region-desc">{t('sortRegionDesc')}</option>
        </SelectField>
      </form>
      <div className="with-sidebar">
        <aside aria-labelledby="filters-heading">
          <h2 id="filters-heading">{t('filters')}</h2>
          {anyFilter && (
            <button type="button" onClick={() => go(Object.fromEntries(FACETS.map((f) => [f, undefined])))}>
              {t('clearFilters')}
            </button>
          )}
          {data &&
            FACETS.map((facet) => {
              const values = new Map(data.facets[facet]?.map((v) => [v.value, v.count]));
              for (const v of selected[facet]) if (!values.has(v)) values.set(v, 0);
              if (values.size === 0) return null;
              const ordered = facetOrder(facet, [...values]);
              const cut = facet === 'tag' && !allTags && ordered.length > TAGS_SHOWN;
              const shown = cut ? ordered.filter(([value], i) => i < TAGS_SHOWN || selected.tag.includes(value)) : ordered;
              return (
                <div key={facet}>
                  <CheckboxList
                    legend={t(`facet_${facet}`)}
                    options={shown.map(([value, count]) => ({
                      value,
                      label: `${facetLabel(i18n, facet, value, facilities, actTypes)} (${count})`,
                    }))}
                    selected={selected[facet]}
                    onChange={(next) => go({ [facet]: next })}
                  />
                  {facet === 'tag' && ordered.length > TAGS_SHOWN && (
                    <button type="button" onClick={() => setAllTags(!allTags)}>
                      {allTags ? t('tagsShowFewer') : t('tagsShowAll', { n: ordered.length })}
                    </button>
                  )}
                </div>
              );
            })}
        </aside>
        <section aria-labelledby="results-heading" aria-busy={result.loading}>
          <h2 id="results-heading">{data ? plural(i18n, 'resultsCount', data.total) : t('loading')}</h2>
          <ErrorMessage error={result.error} />
          <div className="column-chooser">
            <CheckboxList
              legend={t('columns')}
              options={INCIDENT_COLUMNS.map((c) => ({ value: c, label: t(COLUMN_LABEL[c]) }))}
              selected={columns}
              onChange={setColumns}
            />
          </div>
          {data &&
            (data.hits.length === 0 ? (
              <p>{t('noResults')}</p>
            ) : (
              <>
                {canBulk && (
                  <section className="bulk" aria-labelledby="bulk-heading">
                    <h3 id="bulk-heading">{plural(i18n, 'selectedCount', chosen.length)}</h3>
                    <BulkTag selected={chosen} hits={data.hits} onDone={() => setReloads((n) => n + 1)} />
                    <BulkExport selected={chosen} hits={data.hits} />
                    <BulkRestrict selected={chosen} hits={data.hits} onDone={() => setReloads((n) => n + 1)} />
                  </section>
                )}
                <IncidentTable
                  hits={data.hits}
                  columns={columns}
                  sort={sort}
                  onSort={(next) => go({ sort: next })}
                  selected={canBulk ? chosen : undefined}
                  onSelect={canBulk ? setChosen : undefined}
                />
                <div className="list-cards">
                  <IncidentHits hits={data.hits} />
                </div>
              </>
            ))}
          {data && pages > 1 && (
            <nav aria-label={t('pagination')} className="pager">
              <button type="button" disabled={offset === 0} onClick={() => go({ offset: String(Math.max(0, offset - PAGE)) })}>
                {t('previous')}
              </button>
              <span>{t('page', { page: pageNo, pages })}</span>
              <button type="button" disabled={pageNo >= pages} onClick={() => go({ offset: String(offset + PAGE) })}>
                {t('next')}
              </button>
            </nav>
          )}
        </section>
      </div>
    </>
  );
}
