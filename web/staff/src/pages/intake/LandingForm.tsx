import { useState } from 'react';
import { intakeApi } from '../../api/client.js';
import type { IntakeLanding } from '../../../../../src/inbox/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { TextField, errorFor } from '../../components/fields.js';
import { useStatus } from '../../components/Status.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';

/** The organisation's name and a short text that the intake's landing page shows sources, in both languages. */
export function LandingForm({ initial }: { initial: IntakeLanding }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [landing, setLanding] = useState(initial);
  const submit = useSubmit(async () => {
    setLanding(await intakeApi.saveLanding(landing));
    announce(t('saved'));
  });
  return (
    <form onSubmit={submit.onSubmit}>
      <TextField
        label={t('landingOrganisation')}
        hint={t('landingOrganisationHint')}
        value={landing.organisation}
        error={errorFor(submit.error, 'body.organisation')}
        onChange={(organisation) => setLanding((l) => ({ ...l, organisation }))}
      />
      <TextField
        label={t('landingTextRu')}
        multiline
        value={landing.text.ru}
        error={errorFor(submit.error, 'body.text.ru')}
        onChange={(ru) => setLanding((l) => ({ ...l, text: { ...l.text, ru } }))}
      />
      <TextField
        label={t('landingTextEn')}
        multiline
        value={landing.text.en}
        error={errorFor(submit.error, 'body.text.en')}
        onChange={(en) => setLanding((l) => ({ ...l, text: { ...l.text, en } }))}
      />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('saveLanding')}
      </button>
    </form>
  );
}
