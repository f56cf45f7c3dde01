import type { ReactNode } from 'react';
import { Link } from '../components/Link.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { useLocation } from '../router.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { can, canIntake, useSession } from './session.js';

function NavLink({ to, label, current }: { to: string; label: string; current: string }) {
  const active = current === to || (to !== '' && current.startsWith(`${to}/`) && !(to === 'incidents' && current === 'incidents/new'));
  return (
    <li>
      <Link to={to} aria-current={active ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { t, term } = useI18n();
  const { me, signOut } = useSession();
  const { path } = useLocation();
  const current = path === '' ? 'incidents' : path;
  const role = me.user.role;
  const main: Array<[string, MessageKey]> = [
    ['incidents', 'navIncidents'],
    ...(can(role, 'edit') ? [['incidents/new', 'navNewIncident'] as [string, MessageKey]] : []),
    ['people', 'navPeople'],
    ['facilities', 'navFacilities'],
    ...(can(role, 'viewEvidence') ? [['vault', 'navVault'] as [string, MessageKey], ['media', 'navMedia'] as [string, MessageKey]] : []),
    ...(canIntake(role) ? [['intake', 'navIntake'] as [string, MessageKey]] : []),
    ...(can(role, 'exportRecords') ? [['csv', 'navCsv'] as [string, MessageKey]] : []),
  ];
  const admin: Array<[string, MessageKey]> = [
    ['admin/users', 'navUsers'],
    ['admin/compartments', 'navCompartments'],
    ['admin/audit', 'navAudit'],
    ['admin/deleted', 'navDeleted'],
    ['admin/questionnaire', 'navQuestionnaire'],
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="top">
        <span className="brand">{t('appName')}</span>
        <nav aria-label={t('mainNav')}>
          <ul>
            {main.map(([to, key]) => (
              <NavLink key={to} to={to} label={t(key)} current={current} />
            ))}
          </ul>
          {can(role, 'manage') && (
            <ul aria-label={t('navAdmin')} className="admin-nav">
              {admin.map(([to, key]) => (
                <NavLink key={to} to={to} label={t(key)} current={current} />
              ))}
            </ul>
          )}
        </nav>
        <div className="account">
          <span>{t('signedInAs', { name: me.user.displayName || me.user.username, role: term('role', role) })}</span>
          <button type="button" onClick={signOut}>
            {t('signOut')}
          </button>
          <LanguageSwitch />
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
