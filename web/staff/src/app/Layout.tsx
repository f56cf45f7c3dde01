import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Link } from '../components/Link.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { useLocation } from '../router.js';
import { LanguageSwitch } from './LanguageSwitch.js';
import { can, canIntake, useSession } from './session.js';

function isActive(to: string, current: string): boolean {
  return current === to || (to !== '' && current.startsWith(`${to}/`) && !(to === 'incidents' && current === 'incidents/new'));
}

function NavLink({ to, label, current }: { to: string; label: string; current: string }) {
  return (
    <li>
      <Link to={to} aria-current={isActive(to, current) ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
}

/**
 * A button that shows and hides what it controls (the WAI-ARIA disclosure pattern): a real button with
 * aria-expanded, opened by click, Enter or Space, closed by Escape (focus goes back to the button), by a
 * click elsewhere and by following a link. Works without hover.
 */
function Disclosure({ label, className, children }: { label: string; className: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return;
    const away = (e: MouseEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    // Following a link (the router's popstate) closes it, even a link to the page already shown.
    const followed = () => setOpen(false);
    document.addEventListener('click', away);
    addEventListener('popstate', followed);
    return () => {
      document.removeEventListener('click', away);
      removeEventListener('popstate', followed);
    };
  }, [open]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) {
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
    }
  };
  return (
    <div className={`${className}${open ? ' open' : ''}`} ref={root} onKeyDown={onKeyDown}>
      <button ref={button} type="button" className="disclosure" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {label}
        <span aria-hidden="true" className="caret">
          {open ? ' ▴' : ' ▾'}
        </span>
      </button>
      <div id={id} className="disclosure-panel">
        {children}
      </div>
    </div>
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
  const name = me.user.displayName || me.user.username;
  const menu = (
    <>
      <nav aria-label={t('mainNav')}>
        <ul>
          {main.map(([to, key]) => (
            <NavLink key={to} to={to} label={t(key)} current={current} />
          ))}
        </ul>
        {can(role, 'manage') && (
          <Disclosure label={t('navAdminMenu')} className={`admin-menu${admin.some(([to]) => isActive(to, current)) ? ' current' : ''}`}>
            <ul aria-label={t('navAdmin')}>
              {admin.map(([to, key]) => (
                <NavLink key={to} to={to} label={t(key)} current={current} />
              ))}
            </ul>
          </Disclosure>
        )}
      </nav>
      <div className="account">
        <Disclosure label={name} className="account-menu">
          <p>{t('signedInAs', { name, role: term('role', role) })}</p>
          <button type="button" onClick={signOut}>
            {t('signOut')}
          </button>
        </Disclosure>
        <LanguageSwitch />
      </div>
    </>
  );
  return (
    <>
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <header className="top">
        <span className="brand">{t('appName')}</span>
        {/* One row on a laptop; on a narrow screen everything but the name folds under the menu button. */}
        <Disclosure label={t('menu')} className="site-menu">
          {menu}
        </Disclosure>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
