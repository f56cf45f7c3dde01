import './home.css';
import type { Home, HomeJobQueue, HomeSubmission, HomeVault } from '../../../../../src/app/index.js';
import { formatBytes } from '../../components/labels.js';
import { Link } from '../../components/Link.js';
import type { MessageKey } from '../../i18n/en.js';
import { useI18n } from '../../i18n/i18n.js';
import { plural } from '../../i18n/plural.js';

/** What is new since the last visit: the intake's news, vault items, and changes to followed incidents. */
export function NewSection({ home }: { home: Home }) {
  const i18n = useI18n();
  const { t, formatDateTime, pick } = i18n;
  const { intake, items, incidents } = home;
  return (
    <section aria-labelledby="home-new">
      <h2 id="home-new">{t('homeNew')}</h2>
      {intake && (
        <>
          <h3>{t('homeNewSubmissions')}</h3>
          {intake.newSubmissions.length === 0 ? <p>{t('homeNoNewSubmissions')}</p> : <SubmissionList submissions={intake.newSubmissions} />}
          {intake.newMessages.length > 0 && (
            <ul className="home-list" aria-label={t('homeNewMessages')}>
              {intake.newMessages.map((m, i) => (
                <li key={m.submissionId ?? i}>
                  {m.submissionId ? (
                    <Link to={`intake/${encodeURIComponent(m.submissionId)}`}>{plural(i18n, 'homeMessages', m.count)}</Link>
                  ) : (
                    plural(i18n, 'homeMessages', m.count)
                  )}
                </li>
              ))}
            </ul>
          )}
        </>
      )}
      {items && (
        <>
          <h3>{t('homeNewItems')}</h3>
          {items.count === 0 ? (
            <p>{t('homeNoNewItems')}</p>
          ) : (
            <>
              <p>{items.more ? t('homeItemsMore', { count: items.count }) : plural(i18n, 'homeItems', items.count)}</p>
              <ul className="home-list">
                {items.latest.map((item) => (
                  <li key={item.id}>
                    <Link to={`vault/${encodeURIComponent(item.id)}`}>{item.name}</Link>{' '}
                    <span className="muted">
                      {formatBytes(item.size)}, {formatDateTime(item.createdAt)}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      <h3>{t('homeFollowed')}</h3>
      {incidents.total === 0 ? (
        <p>{t('homeNoChanges')}</p>
      ) : (
        <ul className="home-list">
          {incidents.changes.map((c) => (
            <li key={c.id}>
              <Link to={`incidents/${encodeURIComponent(c.id)}`}>{pick(c.titleRu, c.titleEn)}</Link>{' '}
              <span className="muted">
                {plural(i18n, 'homeChanges', c.changes)}, {formatDateTime(c.changedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      {incidents.total > incidents.changes.length && <p>{t('homeMoreChanges', { count: incidents.total - incidents.changes.length })}</p>}
    </section>
  );
}

function SubmissionList({ submissions }: { submissions: HomeSubmission[] }) {
  const { t, formatDate } = useI18n();
  return (
    <ul className="home-list">
      {submissions.map((s) => (
        <li key={s.id}>
          <Link to={`intake/${encodeURIComponent(s.id)}`}>{t('homeSubmissionOf', { day: formatDate(s.receivedDay) })}</Link>{' '}
          <span className="muted">
            {t(`intakeStatus_${s.status}`)}
            {s.assignee ? `, ${s.assignee.displayName || s.assignee.username}` : ''}
            {s.labels.length > 0 ? `, ${s.labels.join(', ')}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

export function AssignedSection({ submissions }: { submissions: HomeSubmission[] }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="home-assigned">
      <h2 id="home-assigned">{t('homeAssigned')}</h2>
      {submissions.length === 0 ? <p>{t('homeNoAssigned')}</p> : <SubmissionList submissions={submissions} />}
    </section>
  );
}

export function JobsSection({ jobs }: { jobs: HomeJobQueue[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section aria-labelledby="home-jobs">
      <h2 id="home-jobs">{t('homeJobs')}</h2>
      {jobs.length === 0 ? (
        <p>{t('homeNoJobs')}</p>
      ) : (
        <ul className="home-list" aria-live="polite">
          {jobs.map((q) => (
            <li key={q.name}>
              <strong>{t(`homeJob_${q.name}` as MessageKey)}</strong>:{' '}
              {[
                q.active > 0 ? plural(i18n, 'homeJobsActive', q.active) : null,
                q.queued > 0 ? plural(i18n, 'homeJobsQueued', q.queued) : null,
                q.parked > 0 ? plural(i18n, 'homeJobsParked', q.parked) : null,
              ]
                .filter(Boolean)
                .join(', ')}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** `evidence`: whether the reader may see items (else no item's check is theirs to see, and none is shown). */
export function VaultSection({ vault, evidence }: { vault: HomeVault; evidence: boolean }) {
  const i18n = useI18n();
  const { t, formatDate, formatDateTime } = i18n;
  const check = vault.lastVerification;
  const cp = vault.checkpoint;
  return (
    <section aria-labelledby="home-vault">
      <h2 id="home-vault">{t('homeVault')}</h2>
      {evidence && (
        <p>
          {!check
            ? t('homeNeverVerified')
            : check.failed === null
              ? t('homeVerifiedAt', { when: formatDateTime(check.at) })
              : check.failed === 0
                ? t('homeVerifiedIntact', { when: formatDateTime(check.at) })
                : `${t('homeVerifiedAt', { when: formatDateTime(check.at) })} ${plural(i18n, 'homeFailed', check.failed)}`}
        </p>
      )}
      <p>
        {!cp
          ? t('homeNoCheckpoint')
          : [
              t('homeCheckpoint', { when: cp.createdAt ? formatDateTime(cp.createdAt) : formatDate(cp.createdDay) }),
              ...(cp.treeSize === null ? [] : [plural(i18n, 'homeLogSize', cp.treeSize)]),
              cp.timestamped ? t('homeTimestamped') : t('homeNotTimestamped'),
              vault.witnesses === 0 ? t('homeNoWitnesses') : t('homeCosigned', { count: cp.cosignatures, witnesses: vault.witnesses }),
            ].join(' ')}
      </p>
    </section>
  );
}
