import type { InboxFile as IntakeFile } from '../../../../../src/inbox/index.js';
import { formatBytes } from '../../components/labels.js';
import { Link } from '../../components/Link.js';
import { useI18n } from '../../i18n/i18n.js';

/** A SHA-256 cut to its first characters; the whole value is a keypress away. */
function Digest({ value }: { value: string }) {
  return (
    <details className="digest">
      <summary title={value}>
        <code>{value.slice(0, 12)}…</code>
      </summary>
      <code className="wrap">{value}</code>
    </details>
  );
}

/** The files of a submission as their manifests describe them, with how far each has come. */
export function FilesTable({ files, labelledBy }: { files: IntakeFile[]; labelledBy: string }) {
  const { t } = useI18n();
  if (files.length === 0) return <p>{t('intakeNoFiles')}</p>;
  return (
    <table className="files" aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">{t('intakeFileName')}</th>
          <th scope="col">{t('size')}</th>
          <th scope="col">{t('mediaType')}</th>
          <th scope="col">SHA-256</th>
          <th scope="col">{t('intakeState')}</th>
          <th scope="col">{t('intakeProblem')}</th>
          <th scope="col">{t('intakeVaultItem')}</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <tr key={f.id}>
            <td data-label={t('intakeFileName')}>{f.name ?? t('intakeNameUnknown')}</td>
            <td data-label={t('size')}>{f.size === null ? t('none') : formatBytes(f.size)}</td>
            <td data-label={t('mediaType')}>{f.mediaType ?? t('none')}</td>
            <td data-label="SHA-256">{f.sha256 ? <Digest value={f.sha256} /> : t('none')}</td>
            <td data-label={t('intakeState')}>
              {t(`intakeFileState_${f.state}`)}
              {f.state === 'uploading' &&
                f.ciphertextSize > 0 &&
                ` (${t('intakeReceivedPercent', { percent: Math.floor((f.receivedBytes / f.ciphertextSize) * 100) })})`}
            </td>
            <td data-label={t('intakeProblem')}>{f.problem ?? t('none')}</td>
            <td data-label={t('intakeVaultItem')}>
              {f.itemId ? (
                <Link to={`vault/${encodeURIComponent(f.itemId)}`}>
                  <code>{f.itemId}</code>
                </Link>
              ) : (
                t('none')
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
