import { useState } from 'react';
import { api } from '../api/client.js';
import type { BulkOutcome, BulkResult, IncidentHit, TagChoices } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { plural } from '../i18n/plural.js';
import { BulkResults, titlesOf, type BulkReport } from './BulkResults.js';
import { ErrorMessage } from './ErrorMessage.js';
import { TagPicker } from './TagPicker.js';
import { useLoad } from './useLoad.js';
import { useSubmit } from './useSubmit.js';

type Change = 'add' | 'remove';

const SAID: Record<Change, Partial<Record<BulkOutcome, MessageKey>>> = {
  add: { tagged: 'bulkTagged', unchanged: 'bulkTagAlready', invalid: 'bulkTagInvalid' },
  remove: { untagged: 'bulkUntagged', unchanged: 'bulkTagNotThere' },
};
const COMMON: Partial<Record<BulkOutcome, MessageKey>> = { 'not-found': 'bulkNotFound', failed: 'bulkFailed', conflict: 'bulkConflict' };

/** Adds a tag picked from those in use (or a new one) to the selected incidents, or takes it off them; says what became of each. */
export function BulkTag({ selected, hits, onDone }: { selected: string[]; hits: IncidentHit[]; onDone: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const [tag, setTag] = useState<string | null>(null);
  const [report, setReport] = useState<(BulkReport & { change: Change }) | null>(null);
  const [reloads, setReloads] = useState(0);
  const choices = useLoad(() => api.get<TagChoices>('/api/incident-tags'), `tags#${reloads}`);
  const apply = async (change: Change) => {
    if (!tag) return;
    const titles = titlesOf(i18n, hits, selected);
    const result = await api.post<BulkResult>('/api/incidents/bulk/tag', { ids: selected, tag, change });
    setReport({ result, titles, change });
    setReloads((n) => n + 1);
    onDone();
  };
  const add = useSubmit(() => apply('add'));
  const remove = useSubmit(() => apply('remove'));
  if (!can(me.user.role, 'edit')) return null;
  const busy = add.busy || remove.busy;
  const count = selected.length;
  return (
    <div className="bulk-actions">
      <form onSubmit={add.onSubmit} aria-label={t('bulkTag')}>
        {tag === null ? (
          <TagPicker choices={choices.data?.tags ?? []} onPick={setTag} />
        ) : (
          <p className="bulk-chosen">
            {t('bulkTagChosen', { tag })}{' '}
            <button type="button" onClick={() => setTag(null)}>
              {t('cancel')}
            </button>
          </p>
        )}
        {tag !== null && (
          <>
            <button type="submit" disabled={busy || count === 0}>
              {plural(i18n, 'bulkTagAdd', count, { tag })}
            </button>
            <button type="button" disabled={busy || count === 0} onClick={() => void remove.onSubmit()}>
              {plural(i18n, 'bulkTagRemove', count, { tag })}
            </button>
          </>
        )}
      </form>
      <ErrorMessage error={add.error ?? remove.error} />
      {report && <BulkResults report={report} say={(outcome) => t(SAID[report.change][outcome] ?? COMMON[outcome] ?? 'bulkInvalid')} />}
    </div>
  );
}
