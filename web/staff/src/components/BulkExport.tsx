import { useState } from 'react';
import { api } from '../api/client.js';
import type { BulkExport as BulkExportReply, BulkOutcome, IncidentHit } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/en.js';
import { plural } from '../i18n/plural.js';
import { BulkResults, titlesOf, type BulkReport } from './BulkResults.js';
import { ErrorMessage } from './ErrorMessage.js';
import { useStatus } from './Status.js';
import { useSubmit } from './useSubmit.js';

const SAID: Partial<Record<BulkOutcome, MessageKey>> = { exported: 'bulkExported', 'not-found': 'bulkNotFound' };
const FILE = 'incidents-selected.csv';

/** Hands the browser a file made here, as a download. */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser may still be reading the file when the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Exports the selected incidents as the CSV export writes them (the server records the export), and says which were in it. */
export function BulkExport({ selected, hits }: { selected: string[]; hits: IncidentHit[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const { me } = useSession();
  const { announce } = useStatus();
  const [report, setReport] = useState<BulkReport | null>(null);
  const submit = useSubmit(async () => {
    const titles = titlesOf(i18n, hits, selected);
    const reply = await api.post<BulkExportReply>('/api/incidents/bulk/export', { ids: selected });
    setReport({ result: { results: reply.results }, titles });
    const exported = reply.results.filter((r) => r.outcome === 'exported').length;
    if (exported > 0) download(reply.csv, FILE);
    announce(plural(i18n, 'bulkExportedFile', exported, { file: FILE }));
  });
  if (!can(me.user.role, 'exportRecords')) return null;
  const count = selected.length;
  return (
    <div className="bulk-actions">
      <form onSubmit={submit.onSubmit} aria-label={t('bulkExport')}>
        <button type="submit" disabled={submit.busy || count === 0}>
          {plural(i18n, 'bulkExportButton', count)}
        </button>
      </form>
      <ErrorMessage error={submit.error} />
      {report && <BulkResults report={report} say={(outcome) => t(SAID[outcome] ?? 'bulkFailed')} />}
    </div>
  );
}
