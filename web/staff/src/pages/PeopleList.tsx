import { useEffect, useState, type FormEvent } from 'react';
import { api, query } from '../api/client.js';
import type { PeopleList as PeoplePage } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { CheckboxList, SelectField } from '../components/fields.js';
import { Heading } from '../components/Heading.js';
import { Link } from '../components/Link.js';
import { PEOPLE_COLUMN_LABEL, PEOPLE_COLUMNS, PeopleTable } from '../components/PeopleTable.js';
import { useColumns } from '../components/useColumns.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import { plural } from '../i18n/plural.js';
import { navigate, useLocation } from '../router.js';

const PAGE = 25;

/** The list's search, order and page live in the address, so Back and shared links keep them. */
export function PeopleList() {
  const i18n = useI18n();
  const { t, term, formatDate } = i18n;
  const { me } = useSession();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const sort = search.get('sort') ?? (q ? 'relevance' : 'name-asc');
  const offset = Number(search.get('offset') ?? 0) || 0;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const [columns, setColumns] = useColumns('people', PEOPLE_COLUMNS, PEOPLE_COLUMNS);
  // The language picks the alphabet each person is named in, so it is always part of the query.
  const key = query({ q, sort, lang: i18n.lang, limit: PAGE, offset });
  const people = useLoad(() => api.get<PeoplePage>(`/api/people${key}`), key);
  const go = (next: { q?: string; sort?: string; offset?: number }) => {
    const merged = { q, sort: search.get('sort') ?? undefined, ...next };
    navigate(`people${query({ q: merged.q || undefined, sort: merged.sort, offset: merged.offset || undefined })}`);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    go({ q: text.trim(), sort: undefined, offset: 0 });
  };
  const data = people.data;
  const total = data?.total ?? 0;
  return (
    <>
      <Heading title={t('peopleTitle')}>{t('peopleTitle')}</Heading>
      {can(me.user.role, 'edit') && (
        <p>
          <Link to="people/new">{t('personNew')}</Link>
        </p>
      )}
      <form role="search" className="search" onSubmit={submit}>
        <div className="field">
          <label htmlFor="people-search">{t('search')}</label>
          <input id="people-search" type="search" value={text} onChange={(e) => setText(e.target.value)} />
        </div>
        <button type="submit">{t('searchButton')}</button>
        <SelectField label={t('sort')} value={sort} onChange={(v) => go({ sort: v, offset: 0 })}>
          {q && <option value="relevance">{t('sortRelevance')}</option>}
          <option value="name-asc">{t('sortNameAsc')}</option>
          <option value="name-desc">{t('sortNameDesc')}</option>
          <option value="born-asc">{t('sortBornAsc')}</option>
          <option value="born-desc">{t('sortBornDesc')}</option>
          <option value="created-desc">{t('sortCreatedDesc')}</option>
          <option value="created-asc">{t('sortCreatedAsc')}</option>
        </SelectField>
      </form>
      <section aria-labelledby="people-results" aria-busy={people.loading}>
        <h2 id="people-results">{data ? plural(i18n, 'peopleCount', total) : t('loading')}</h2>
        <ErrorMessage error={people.error} />
        <div className="column-chooser">
          <CheckboxList
            legend={t('columns')}
            options={PEOPLE_COLUMNS.map((c) => ({ value: c, label: t(PEOPLE_COLUMN_LABEL[c]) }))}
            selected={columns}
            onChange={setColumns}
          />
        </div>
        {data &&
          (data.people.length === 0 ? (
            <p>{t('noPeople')}</p>
          ) : (
            <>
              <PeopleTable people={data.people} columns={columns} sort={sort} onSort={(next) => go({ sort: next, offset: 0 })} />
              <ul className="hits list-cards">
                {data.people.map((p) => (
                  <li key={p.id}>
                    <Link to={`people/${p.id}`}>{p.name}</Link>
                    {p.restricted && <span className="badge restricted">{t('restrictedRecord')}</span>}
                    <div className="meta">
                      <span>{p.kinds.map((k) => term('personKind', k)).join(', ')}</span>
                      {p.birthDate && <span>{formatDate(p.birthDate)}</span>}
                    </div>
                  </li>
                ))}
              </ul>
            </>
          ))}
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
    </>
  );
}
