import { useState } from 'react';
import { api, query } from '../../api/client.js';
import type { PublicUser as User } from '../../../../../src/accounts/index.js';
import type { AuditEntry as AuditRow } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Heading } from '../../components/Heading.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';

const PAGE = 100;

export function AuditPage() {
  const { t, formatDateTime } = useI18n();
  const [before, setBefore] = useState<string[]>(['']);
  const cursor = before[before.length - 1]!;
  const rows = useLoad(() => api.get<AuditRow[]>(`/api/audit${query({ limit: PAGE, before: cursor })}`), cursor);
  const users = useLoad(() => api.get<User[]>('/api/users'), 'users');
  const who = (id: string | null) => (id ? (users.data?.find((u) => u.id === id)?.username ?? id) : t('none'));
  const last = rows.data?.[rows.data.length - 1];
  return (
    <>
      <Heading title={t('auditTitle')}>{t('auditTitle')}</Heading>
      <ErrorMessage error={rows.error} />
      {rows.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('at')}</th>
              <th scope="col">{t('user')}</th>
              <th scope="col">{t('action')}</th>
              <th scope="col">{t('record')}</th>
              <th scope="col">{t('details')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.data.map((r) => (
              <tr key={r.id}>
                <td>{formatDateTime(r.at)}</td>
                <td>{who(r.userId)}</td>
                <td>{r.action}</td>
                <td>
                  {r.recordType} <code>{r.recordId}</code>
                </td>
                <td>
                  <code className="wrap">{Object.keys(r.detail).length ? JSON.stringify(r.detail) : ''}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label={t('pagination')} className="pager">
        <button type="button" disabled={before.length === 1} onClick={() => setBefore((b) => b.slice(0, -1))}>
          {t('previous')}
        </button>
        <button type="button" disabled={!last || (rows.data?.length ?? 0) < PAGE} onClick={() => last && setBefore((b) => [...b, last.at])}>
          {t('olderEntries')}
        </button>
      </nav>
    </>
  );
}
