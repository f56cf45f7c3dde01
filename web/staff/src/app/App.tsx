import { useCallback, useEffect, useState } from 'react';
import { api, refreshCsrf, setUnauthenticatedHandler } from '../api/client.js';
import type { Me } from '../../../../src/accounts/index.js';
import type { ActType, Facility } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import { SignIn } from '../pages/SignIn.js';
import { navigate } from '../router.js';
import { Layout } from './Layout.js';
import { Routes } from './Routes.js';
import { SessionContext, type Session } from './session.js';

type State = { kind: 'loading' } | { kind: 'signed-out' } | { kind: 'signed-in'; me: Me; facilities: Facility[]; actTypes: ActType[] };

export function App() {
  const { t } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });

  const load = useCallback(async () => {
    try {
      const me = await api.get<Me>('/api/auth/me');
      const [facilities, actTypes] = await Promise.all([api.get<Facility[]>('/api/facilities'), api.get<ActType[]>('/api/act-types')]);
      setState({ kind: 'signed-in', me, facilities, actTypes });
    } catch {
      setState({ kind: 'signed-out' });
    }
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => setState({ kind: 'signed-out' }));
    void refreshCsrf().then(load, load);
  }, [load]);

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/auth/logout');
    } finally {
      // Whoever signs in next starts from the list, not from the page the last person left open.
      navigate('', { replace: true });
      setState({ kind: 'signed-out' });
    }
  }, []);

  if (state.kind === 'loading') return <p className="loading">{t('loading')}</p>;
  if (state.kind === 'signed-out') return <SignIn onSignedIn={load} />;
  const session: Session = {
    me: state.me,
    facilities: state.facilities,
    actTypes: state.actTypes,
    reloadReference: () => void load(),
    signOut: () => void signOut(),
  };
  return (
    <SessionContext.Provider value={session}>
      <Layout>
        <Routes />
      </Layout>
    </SessionContext.Provider>
  );
}
