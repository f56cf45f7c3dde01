import { useEffect, useState, type FormEvent } from 'react';
import { api, query } from '../api/client.js';
import type { PersonSummary } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { Link } from '../components/Link.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import { navigate, useLocation } from '../router.js';

const PAGE = 25;

export function PeopleList() {
  const { t, term } = useI18n();
  const { me } = useSession();
  const { search } = useLocation();
  const q = search.get('q') ?? '';
  const offset = Number(search.get('offset') ?? 0) || 0;
  const [text, setText] = useState(q);
  useEffect(() => setText(q), [q]);
  const key = query({ q, limit: PAGE, offset });
  const people = useLoad(() => api.get<{ total: number; people: PersonSummary[] }>(`/api/people${key}`), key);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    navigate(`people${query({ q: text.trim() })}`);
  };
  const total = people.data?.total ?? 0;
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
      </form>
      <ErrorMessage error={people.error} />
      {people.data && (
        <ul className="hits">
          {people.data.people.map((p) => (
            <li key={p.id}>
              <Link to={`people/${p.id}`}>{p.name}</Link> <span className="meta">{p.kinds.map((k) => term('personKind', k)).join(', ')}</span>
            </li>
          ))}
        </ul>
      )}
      {total > PAGE && (
        <nav aria-label={t('pagination')} className="pager">
          <button type="button" disabled={offset === 0} onClick={() => navigate(`people${query({ q, offset: Math.max(0, offset - PAGE) })}`)}>
            {t('previous')}
          </button>
          <span>{t('page', { page: Math.floor(offset / PAGE) + 1, pages: Math.ceil(total / PAGE) })}</span>
          <button type="button" disabled={offset + PAGE >= total} onClick={() => navigate(`people${query({ q, offset: offset + PAGE })}`)}>
            {t('next')}
          </button>
        </nav>
      )}
    </>
  );
}
