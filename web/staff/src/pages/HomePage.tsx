import { useEffect, useRef, useState } from 'react';
import type { Home } from '../../../../src/app/index.js';
import { homeApi } from '../api/client.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import { AssignedSection, JobsSection, NewSection, VaultSection } from './home/HomeSections.js';

/** While jobs run, the page asks again this often. */
const POLL_MS = 5000;

/**
 * The page after sign-in: what is new since the last visit, what is assigned to the person, jobs, and the vault's
 * state. What was new stays new until they mark it seen or leave the page, so a reload loses nothing.
 */
export function HomePage() {
  const { t, formatDateTime } = useI18n();
  const home = useLoad(() => homeApi.home(), 'home');
  const [marked, setMarked] = useState(false);
  const shown = useRef<Home | undefined>(undefined);
  shown.current = home.data;

  const busy = (home.data?.jobs ?? []).some((q) => q.active + q.queued > 0);
  const { reload } = home;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [busy, reload]);

  // Leaving the page (to another page of the app) marks what it showed as seen.
  useEffect(() => () => void markSeen(shown.current), []);

  const markAll = async () => {
    await markSeen(shown.current);
    setMarked(true);
    home.reload();
  };

  const data = home.data;
  return (
    <>
      <Heading title={t('homeTitle')}>{t('homeTitle')}</Heading>
      <ErrorMessage error={home.error} />
      {data && (
        <div className="home">
          <p className="hint">{data.lastVisit ? t('homeSince', { when: formatDateTime(data.lastVisit) }) : t('homeFirstVisit')}</p>
          <NewSection home={data} />
          <p>
            <button type="button" onClick={() => void markAll()}>
              {t('homeMarkSeen')}
            </button>{' '}
            <span role="status">{marked ? t('homeMarked') : ''}</span>
          </p>
          {data.intake && <AssignedSection submissions={data.intake.assigned} />}
          <JobsSection jobs={data.jobs} />
          <VaultSection vault={data.vault} evidence={data.items !== null} />
        </div>
      )}
    </>
  );
}

async function markSeen(home: Home | undefined): Promise<void> {
  if (!home) return;
  await homeApi
    .markSeen({ asOf: home.asOf, submissions: home.intake?.marks.submissions ?? [], messages: home.intake?.marks.messages ?? [] })
    .catch(() => undefined);
}
