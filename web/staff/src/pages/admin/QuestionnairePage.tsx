import { intakeApi } from '../../api/client.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { Heading } from '../../components/Heading.js';
import { useLoad } from '../../components/useLoad.js';
import { useI18n } from '../../i18n/i18n.js';
import { LandingForm } from '../intake/LandingForm.js';
import { QuestionnaireForm } from '../intake/QuestionnaireForm.js';

/** The questions the secure intake asks a source, and what its landing page says; administrators edit them here. */
export function QuestionnairePage() {
  const { t } = useI18n();
  const loaded = useLoad(() => intakeApi.questionnaire(), 'questionnaire');
  const landing = useLoad(() => intakeApi.landing(), 'landing');
  return (
    <>
      <Heading title={t('questionnaireTitle')}>{t('questionnaireTitle')}</Heading>
      <p className="hint">{t('questionnaireIntro')}</p>
      <ErrorMessage error={loaded.error} />
      {loaded.data && <QuestionnaireForm initial={loaded.data.questions} />}
      <section aria-labelledby="landing-title">
        <h2 id="landing-title">{t('landingTitle')}</h2>
        <p className="hint">{t('landingIntro')}</p>
        <ErrorMessage error={landing.error} />
        {landing.data && <LandingForm initial={landing.data} />}
      </section>
    </>
  );
}
