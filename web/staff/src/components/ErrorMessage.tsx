import { ApiError } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/** A failed request, said in words the user can act on; a version conflict offers a reload. */
export function ErrorMessage({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { t } = useI18n();
  if (!error) return null;
  let text: string;
  if (error instanceof ApiError) {
    if (error.code === 'version-conflict') text = t('errorConflict');
    else if (error.status === 404) text = t('errorNotFoundText');
    else if (error.status === 403) text = `${t('errorForbidden')} ${error.message}`;
    else if (error.status === 400) text = t('errorInvalid', { message: error.message });
    else text = t('errorGeneric', { message: error.message });
  } else text = t('errorGeneric', { message: error instanceof Error ? error.message : String(error) });
  const conflict = error instanceof ApiError && error.code === 'version-conflict';
  return (
    <div className={conflict ? 'error conflict' : 'error'} role="alert">
      <p>{text}</p>
      {conflict && onReload && (
        <button type="button" onClick={onReload}>
          {t('reload')}
        </button>
      )}
    </div>
  );
}
