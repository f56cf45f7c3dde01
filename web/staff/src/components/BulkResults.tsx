import type { BulkOutcome, BulkResult, IncidentHit } from '../../../../src/cases/index.js';
import type { I18n } from '../i18n/i18n.js';

/** What a bulk action did, with the titles of the incidents as they were when it was asked (a reload may drop a row). */
export interface BulkReport {
  result: BulkResult;
  titles: Record<string, string>;
}

export function titlesOf(i18n: Pick<I18n, 'pick'>, hits: IncidentHit[], ids: string[]): Record<string, string> {
  return Object.fromEntries(hits.filter((h) => ids.includes(h.id)).map((h) => [h.id, i18n.pick(h.titleRu, h.titleEn)]));
}

/** What a bulk action did to each incident, named by its title. */
export function BulkResults({ report, say }: { report: BulkReport; say: (outcome: BulkOutcome) => string }) {
  return (
    <ul className="bulk-result" aria-live="polite">
      {report.result.results.map((r) => (
        <li key={r.id} className={`bulk-${r.outcome}`}>
          {report.titles[r.id] ?? r.id}: {say(r.outcome)}
        </li>
      ))}
    </ul>
  );
}
