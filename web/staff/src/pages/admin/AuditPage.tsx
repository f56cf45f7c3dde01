import { useRef, useState } from 'react';
import { navigate, useLocation } from '../../router.js';
import { api, query } from '../../api/client.js';
import type { MediaCatalogue, MediaCatalogueItem } from '../../../../../src/media/index.js';
import type { Compartment, PublicUser as User } from '../../../../../src/accounts/index.js';
import type { AuditEntry } from '../../../../../src/cases/index.js';
import { useSession } from '../../app/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { SelectField, TextField } from '../../components/fields.js';
import { Heading } from '../../components/Heading.js';
import { IncidentPicker } from '../../components/IncidentPicker.js';
import { Link } from '../../components/Link.js';
import { PersonPicker } from '../../components/PersonPicker.js';
import { SearchPicker } from '../../components/SearchPicker.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';
import { AUDIT_ACTIONS, AUDIT_RECORD_TYPES, actionLabel, auditLine, recordTypeLabel, type Segment } from './audit-format.js';

const PAGE = 50;

interface Filters {
  userId: string;
  action: string;
  recordType: string;
  record: { id: string; title: string } | null;
  from: string;
  to: string;
}

const NONE: Filters = { userId: '', action: '', recordType: '', record: null, from: '', to: '' };

/**
 * The filters live in the page's address, so that a reload, the back button or a shared link keeps them. A record
 * is kept there by its id only (an address lands in the browser's history: no titles there); its title is shown
 * from the entries found, or from the picker that chose it.
 */
function filtersOf(search: URLSearchParams): Filters {
  const record = search.get('record');
  return {
    userId: search.get('person') ?? '',
    action: search.get('action') ?? '',
    recordType: search.get('kind') ?? '',
    record: record ? { id: record, title: '' } : null,
    from: search.get('from') ?? '',
    to: search.get('to') ?? '',
  };
}

function addressOf(filters: Filters): string {
  const search = new URLSearchParams();
  const put = (key: string, value: string | undefined) => value && search.set(key, value);
  put('person', filters.userId);
  put('action', filters.action);
  put('kind', filters.recordType);
  put('record', filters.record?.id);
  put('from', filters.from);
  put('to', filters.to);
  const text = search.toString();
  return `admin/audit${text ? `?${text}` : ''}`;
}

/** A day typed in a date field as the instant it starts in the reader's time zone. */
function dayStart(day: string, plusDays = 0): string | undefined {
  if (!day) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  return new Date(y!, m! - 1, d! + plusDays).toISOString();
}

function Words({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) =>
        s.to ? (
          <Link key={i} to={s.to}>
            {s.text}
          </Link>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

/** The audit trail in words: who did what to which record, by its title and linked, filtered by person, record, action and days. */
export function AuditPage() {
  const i18n = useI18n();
  const { t, formatDateTime } = i18n;
  const { search } = useLocation();
  const filters = filtersOf(search);
  const chosenTitle = useRef(new Map<string, string>());
  const [pages, setPages] = useState<Array<{ at: string; id: string } | null>>([null]);
  const cursor = pages[pages.length - 1] ?? null;
  const params = {
    limit: PAGE,
    userId: filters.userId || undefined,
    action: filters.action || undefined,
    recordType: filters.recordType || undefined,
    recordId: filters.record?.id,
    from: dayStart(filters.from),
    to: dayStart(filters.to, 1),
    before: cursor?.at,
    beforeId: cursor?.id,
  };
  const rows = useLoad(() => api.get<AuditEntry[]>(`/api/audit${query(params)}`), JSON.stringify(params));
  const users = useLoad(() => api.get<User[]>('/api/users'), 'users');
  const compartments = useLoad(() => api.get<Compartment[]>('/api/compartments'), 'compartments');
  const set = (patch: Partial<Filters>) => {
    if (patch.record) chosenTitle.current.set(patch.record.id, patch.record.title);
    navigate(addressOf({ ...filters, ...patch }), { replace: true });
    setPages([null]);
  };
  const recordTitle = (id: string): string => {
    const found = rows.data?.find((r) => r.titles[id])?.titles[id];
    return chosenTitle.current.get(id) ?? (found ? i18n.pick(found.ru, found.en) : t('auditChosenRecordUnnamed'));
  };
  const last = rows.data?.[rows.data.length - 1];
  const filtered = JSON.stringify(filters) !== JSON.stringify(NONE);

  return (
    <>
      <Heading title={t('auditTitle')}>{t('auditTitle')}</Heading>
      <section aria-labelledby="audit-filters" className="audit-filters">
        <h2 id="audit-filters">{t('auditFilters')}</h2>
        <div className="filter-row">
          <SelectField label={t('auditFilterPerson')} value={filters.userId} onChange={(userId) => set({ userId })}>
            <option value="">{t('auditFilterAnyone')}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName && u.displayName !== u.username ? `${u.displayName} (${u.username})` : u.username}
              </option>
            ))}
          </SelectField>
          <SelectField label={t('auditFilterAction')} value={filters.action} onChange={(action) => set({ action })}>
            <option value="">{t('auditFilterAnyAction')}</option>
            {AUDIT_ACTIONS.map((a) => (
              <option key={a} value={a}>
                {actionLabel(i18n, a)}
              </option>
            ))}
          </SelectField>
          <TextField label={t('auditFilterFrom')} type="date" value={filters.from} onChange={(from) => set({ from })} max={filters.to || undefined} />
          <TextField label={t('auditFilterTo')} type="date" value={filters.to} onChange={(to) => set({ to })} min={filters.from || undefined} />
        </div>
        <div className="filter-row">
          <SelectField label={t('auditFilterRecordType')} value={filters.recordType} onChange={(recordType) => set({ recordType, record: null })}>
            <option value="">{t('auditFilterAnyRecord')}</option>
            {AUDIT_RECORD_TYPES.map((r) => (
              <option key={r} value={r}>
                {recordTypeLabel(i18n, r)}
              </option>
            ))}
          </SelectField>
          <RecordPicker type={filters.recordType} users={users.data ?? []} compartments={compartments.data ?? []} onChoose={(record) => set({ record })} />
        </div>
        {filters.record && (
          <p>
            {t('auditChosenRecord', { title: recordTitle(filters.record.id) })}{' '}
            <button type="button" onClick={() => set({ record: null })}>
              {t('remove')}
            </button>
          </p>
        )}
        {filtered && (
          <p>
            <button type="button" onClick={() => set(NONE)}>
              {t('auditFilterClear')}
            </button>
          </p>
        )}
      </section>
      <ErrorMessage error={rows.error} />
      {rows.data && rows.data.length === 0 && <p>{t('auditNoEntries')}</p>}
      {rows.data && rows.data.length > 0 && (
        <ol className="audit-list" aria-label={t('auditTitle')}>
          {rows.data.map((r) => {
            const line = auditLine(i18n, r);
            return (
              <li key={r.id}>
                <div className="audit-when">
                  <time dateTime={r.at}>{formatDateTime(r.at)}</time>
                </div>
                <div className="audit-who">
                  <Words segments={line.who} />
                </div>
                <div className="audit-what">
                  <strong>{line.action}</strong>
                  <div>
                    <Words segments={line.record} />
                  </div>
                  {line.details.length > 0 && (
                    <dl className="audit-details">
                      {line.details.map((d, i) => (
                        <div key={i}>
                          <dt>{d.label}</dt>
                          <dd>
                            <Words segments={d.value} />
                          </dd>
                        </div>
                      ))}
                    </dl>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <nav aria-label={t('pagination')} className="pager">
        <button type="button" disabled={pages.length === 1} onClick={() => setPages((p) => p.slice(0, -1))}>
          {t('previous')}
        </button>
        <button type="button" disabled={!last || (rows.data?.length ?? 0) < PAGE} onClick={() => last && setPages((p) => [...p, { at: last.at, id: last.id }])}>
          {t('olderEntries')}
        </button>
      </nav>
    </>
  );
}

/** The record to filter by, picked by its title in the way its kind allows: a search for incidents, people and items, a list for the rest. */
function RecordPicker({
  type,
  users: people,
  compartments,
  onChoose,
}: {
  type: string;
  users: User[];
  compartments: Compartment[];
  onChoose: (record: { id: string; title: string }) => void;
}) {
  const { t, pick } = useI18n();
  const { facilities, actTypes } = useSession();
  const label = t('auditFilterRecord');
  if (type === 'incident') return <IncidentPicker label={label} onChoose={(h) => onChoose({ id: h.id, title: pick(h.titleRu, h.titleEn) })} />;
  if (type === 'person') return <PersonPicker label={label} onChoose={(p) => onChoose({ id: p.id, title: p.name })} />;
  if (type === 'item') return <ItemPicker label={label} onChoose={(item) => onChoose({ id: item.id, title: item.name })} />;
  const options =
    type === 'facility'
      ? facilities.map((f) => ({ id: f.id, title: pick(f.nameRu, f.nameEn) }))
      : type === 'user'
        ? people.map((u) => ({ id: u.id, title: u.displayName || u.username }))
        : type === 'compartment'
          ? compartments.map((c) => ({ id: c.id, title: c.name }))
          : type === 'act-type'
            ? actTypes.map((a) => ({ id: a.id, title: pick(a.labelRu, a.labelEn) }))
            : null;
  if (!options) return null;
  return (
    <SelectField label={label} value="" onChange={(id) => id && onChoose(options.find((o) => o.id === id)!)}>
      <option value="">{t('choose')}</option>
      {options.map((o) => (
        <option key={o.id} value={o.id}>
          {o.title}
        </option>
      ))}
    </SelectField>
  );
}

/** Items by file name: the media catalogue's first thousand, searched here. */
function ItemPicker({ label, onChoose }: { label: string; onChoose: (item: MediaCatalogueItem) => void }) {
  const { t } = useI18n();
  const all = useRef<Promise<MediaCatalogueItem[]> | null>(null);
  const load = () => (all.current ??= api.get<MediaCatalogue>(`/api/media/items${query({ limit: 1000 })}`).then((c) => c.items));
  return (
    <SearchPicker<MediaCatalogueItem>
      label={label}
      hint={t('auditItemSearch')}
      search={async (q) => {
        const needle = q.toLowerCase();
        return (await load()).filter((i) => i.name.toLowerCase().includes(needle)).slice(0, 10);
      }}
      keyOf={(i) => i.id}
      render={(i) => i.name}
      noneFound={t('auditItemNone')}
      resultsLabel={t('auditFilterRecord')}
      onChoose={onChoose}
    />
  );
}
