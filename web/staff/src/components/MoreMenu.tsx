import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

/** Rare and harmful actions (delete, unlink, restrict) folded away under "More", closed at first. */
export function MoreMenu({ name, children }: { name: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <details className="more-menu">
      <summary>
        {t('more')}
        <span className="visually-hidden">: {name}</span>
      </summary>
      <div className="more-menu-body">{children}</div>
    </details>
  );
}
