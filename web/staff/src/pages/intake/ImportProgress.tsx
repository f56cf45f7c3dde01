import type { ImportStatus as IntakeImportStatus } from '../../../../../src/inbox/index.js';
import { formatBytes } from '../../components/labels.js';
import { Link } from '../../components/Link.js';
import { useI18n } from '../../i18n/i18n.js';

/** How far an import has come, and the vault item each file became (or why it did not). */
export function ImportProgress({ status, names }: { status: IntakeImportStatus; names: Map<string, string> }) {
  const { t } = useI18n();
  const running = status.state === 'running';
  // Nothing to count yet: an indeterminate bar while it runs, a full one once it is over.
  const value = status.bytesTotal > 0 ? status.bytesDone : running ? undefined : 1;
  return (
    <div className="import-status">
      {status.state === 'failed' ? (
        <div className="error" role="alert">
          <p>
            {t('intakeImport_failed')} {status.error}
          </p>
        </div>
      ) : (
        <p>
          <strong>{t(`intakeImport_${status.state}`)}</strong>
          {status.error && ` ${status.error}`}
        </p>
      )}
      <progress
        className="import-progress"
        aria-label={t('intakeProgress')}
        aria-describedby="import-progress-text"
        max={status.bytesTotal || 1}
        value={value}
      />
      <p id="import-progress-text">
        {t('intakeProgressText', {
          filesDone: status.filesDone,
          filesTotal: status.filesTotal,
          bytesDone: formatBytes(status.bytesDone),
          bytesTotal: formatBytes(status.bytesTotal),
        })}
      </p>
      {status.imported.length > 0 && (
        <>
          <h3>{t('intakeImportedFiles')}</h3>
          <ul>
            {status.imported.map((i) => (
              <li key={i.fileId}>
                {names.get(i.fileId) ?? i.fileId}:{' '}
                {i.itemId !== null && (
                  <>
                    <Link to={`vault/${encodeURIComponent(i.itemId)}`}>
                      <code>{i.itemId}</code>
                    </Link>{' '}
                  </>
                )}
                ({t(`intakeImported_${i.status}`)})
              </li>
            ))}
          </ul>
        </>
      )}
      {status.problems.length > 0 && (
        <>
          <h3>{t('intakeNotImported')}</h3>
          <ul>
            {status.problems.map((p) => (
              <li key={p.fileId}>
                {names.get(p.fileId) ?? p.fileId}: {p.reason}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
