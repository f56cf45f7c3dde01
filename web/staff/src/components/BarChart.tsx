import { useState } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { Link } from './Link.js';
import './bar-chart.css';

export interface Bar {
  key: string;
  label: string;
  count: number;
  /** Where the bar leads: the incident list filtered to it; none for "not known". */
  to?: string;
}

const FIRST = 12;

/**
 * A horizontal bar chart that is a table: a screen reader reads each row as a name and a number, the bars
 * are drawn beside the numbers for the eye only. The whole row opens the bar's link.
 */
export function BarChart({ id, title, note, column, bars, max }: { id: string; title: string; note?: string; column: string; bars: Bar[]; max: number }) {
  const { t, lang } = useI18n();
  const [all, setAll] = useState(false);
  const numbers = new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB');
  const shown = all ? bars : bars.slice(0, FIRST);
  return (
    <section className="bar-chart" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {note && <p className="hint">{note}</p>}
      <table aria-labelledby={id}>
        <thead className="visually-hidden">
          <tr>
            <th scope="col">{column}</th>
            <th scope="col">{t('statisticsCount')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((bar) => (
            <tr key={bar.key} className={bar.to ? 'linked' : undefined}>
              <th scope="row">{bar.to ? <Link to={bar.to}>{bar.label}</Link> : <span className="unknown">{bar.label}</span>}</th>
              <td>
                <div className="value">
                  <span className="count">{numbers.format(bar.count)}</span>
                  <svg className="bar" aria-hidden="true" focusable="false" viewBox="0 0 100 10" preserveAspectRatio="none">
                    <rect x="0" y="0" height="10" width={max > 0 ? Math.max(0.5, (bar.count / max) * 100) : 0} />
                  </svg>
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {bars.length > FIRST && (
        <button type="button" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? t('statisticsShowFewer', { n: FIRST }) : t('statisticsShowAll', { n: numbers.format(bars.length) })}
        </button>
      )}
    </section>
  );
}
