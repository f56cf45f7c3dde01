import type { MediaProgress } from '../../../../../src/media/index.js';
import { useI18n } from '../../i18n/i18n.js';
import { plural } from '../../i18n/plural.js';

/** How far the analysis of the archive has got. */
export function MediaProgressPanel({ progress }: { progress: MediaProgress }) {
  const i18n = useI18n();
  const { t } = i18n;
  const done = progress.total - progress.pending;
  return (
    <section aria-labelledby="media-analysis-heading" className="media-progress">
      <h2 id="media-analysis-heading">{t('mediaAnalysis')}</h2>
      <p>
        {plural(i18n, 'mediaItems', progress.total)} · {t('mediaAnalysisCounts', { ...progress })}
      </p>
      <progress max={Math.max(progress.total, 1)} value={done} aria-label={t('mediaAnalysisProgress')} />
      {progress.pending > 0 && <p>{t('mediaAnalysisRunning')}</p>}
    </section>
  );
}
