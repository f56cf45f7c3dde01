import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api/client.js';
import type { SessionReply } from '../../../../src/accounts/index.js';
import { LanguageSwitch } from '../app/LanguageSwitch.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { TextField } from '../components/fields.js';
import { Heading } from '../components/Heading.js';
import { useI18n } from '../i18n/i18n.js';

type Step = { kind: 'password' } | { kind: 'verify' } | { kind: 'enrol'; secret: string; uri: string };

/** Password, then the authenticator code; an account without one sets it up here first. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const submitPassword = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      const reply = await api.post<SessionReply>('/api/auth/login', { username, password });
      setPassword('');
      if (reply.secondFactor === 'none') onSignedIn();
      else if (reply.secondFactor === 'verify') setStep({ kind: 'verify' });
      else {
        const enrolment = await api.post<{ secret: string; uri: string }>('/api/auth/enrol');
        setStep({ kind: 'enrol', ...enrolment });
      }
    });
  };

  const submitCode = (event: FormEvent) => {
    event.preventDefault();
    void run(async () => {
      await api.post<SessionReply>(step.kind === 'enrol' ? '/api/auth/enrol/confirm' : '/api/auth/second-factor', { code: code.trim() });
      onSignedIn();
    });
  };

  const restart = () => {
    setStep({ kind: 'password' });
    setCode('');
    setError(null);
  };

  const authError = error instanceof ApiError && error.status === 401 ? error.message : undefined;

  return (
    <>
      <header className="top">
        <span className="brand">{t('appName')}</span>
        <LanguageSwitch />
      </header>
      <main id="main" className="sign-in" tabIndex={-1}>
        {step.kind === 'password' && (
          <form onSubmit={submitPassword} key="password">
            <Heading title={t('signInTitle')}>{t('signInTitle')}</Heading>
            <TextField label={t('username')} value={username} onChange={setUsername} autoComplete="username" required />
            <TextField
              label={t('password')}
              type="password"
              value={password}
              onChange={setPassword}
              autoComplete="current-password"
              required
              error={authError}
            />
            {!authError && <ErrorMessage error={error} />}
            <button type="submit" disabled={busy}>
              {t('signIn')}
            </button>
          </form>
        )}
        {step.kind !== 'password' && (
          <form onSubmit={submitCode} key={step.kind}>
            <Heading title={step.kind === 'enrol' ? t('enrolTitle') : t('codeTitle')}>{step.kind === 'enrol' ? t('enrolTitle') : t('codeTitle')}</Heading>
            {step.kind === 'enrol' && (
              <>
                <p>{t('enrolIntro')}</p>
                <dl className="enrol">
                  <dt>{t('enrolSecret')}</dt>
                  <dd>
                    <code aria-label={t('enrolSecret')} data-testid="totp-secret">
                      {step.secret}
                    </code>
                  </dd>
                  <dt>{t('enrolUri')}</dt>
                  <dd>
                    <code className="wrap">{step.uri}</code>
                  </dd>
                </dl>
              </>
            )}
            <TextField
              label={t('code')}
              hint={t('codeHint')}
              value={code}
              onChange={setCode}
              autoComplete="one-time-code"
              inputMode="numeric"
              required
              error={authError}
            />
            {!authError && <ErrorMessage error={error} />}
            <button type="submit" disabled={busy}>
              {step.kind === 'enrol' ? t('confirm') : t('verify')}
            </button>{' '}
            <button type="button" onClick={restart}>
              {t('startOver')}
            </button>
          </form>
        )}
      </main>
    </>
  );
}
