import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, intakeApi } from '../../api/client.js';
import type { ImportStatus as IntakeImportStatus } from '../../../../../src/inbox/index.js';
import { useStatus } from '../../components/Status.js';
import { useI18n } from '../../i18n/i18n.js';

const POLL_MS = 500;
/** After a failed poll (a dropped connection, a restarting server), wait longer before the next. */
const RETRY_MS = 2000;

/**
 * A submission's import into the vault: starts or resumes it, and while it runs asks for its status every
 * half second. When it stops, says how it ended and calls `onSettled` (the page reloads its files).
 */
export function useImport(submissionId: string, initial: IntakeImportStatus | null, onSettled: () => void) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [status, setStatus] = useState<IntakeImportStatus | null>(initial);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  // Each start begins a new round of polling, even when the last round stopped on an error.
  const [round, setRound] = useState(0);
  const settledRef = useRef(onSettled);
  useEffect(() => {
    settledRef.current = onSettled;
  }, [onSettled]);

  const settle = useCallback(
    (next: IntakeImportStatus) => {
      setStatus(next);
      if (next.state === 'running') return;
      announce(
        next.state === 'finished'
          ? t('intakeImportDone', {
              new: next.imported.filter((i) => i.status === 'new').length,
              duplicate: next.imported.filter((i) => i.status === 'duplicate').length,
              problems: next.problems.length,
            })
          : t(`intakeImport_${next.state}`),
      );
      settledRef.current();
    },
    [announce, t],
  );

  const running = status?.state === 'running';
  useEffect(() => {
    if (!running) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const next = await intakeApi.importStatus(submissionId);
        if (!live) return;
        setError(null);
        settle(next);
        if (next.state === 'running') timer = setTimeout(() => void poll(), POLL_MS);
      } catch (e) {
        if (!live) return;
        setError(e);
        if (e instanceof ApiError && e.status === 404) setStatus(null);
        // A refusal will not change by asking again; anything else may pass.
        else if (!(e instanceof ApiError && e.status >= 400 && e.status < 500)) timer = setTimeout(() => void poll(), RETRY_MS);
      }
    };
    timer = setTimeout(() => void poll(), POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [submissionId, running, round, settle]);

  const start = async () => {
    setStarting(true);
    setError(null);
    try {
      const next = await intakeApi.startImport(submissionId);
      setRound((n) => n + 1);
      if (next.state === 'running') {
        setStatus(next);
        announce(t('intakeImportStarted'));
      } else settle(next);
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  };

  return { status, error, starting, start };
}
