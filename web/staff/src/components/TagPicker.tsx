import { useId, useState } from 'react';
import type { FacetCount } from '../../../../src/cases/index.js';
import { useI18n } from '../i18n/i18n.js';
import { plural } from '../i18n/plural.js';
import { sortTags } from './TagList.js';
import './lists.css';

const SHOWN = 12;
const fold = (tag: string) => tag.normalize('NFC').replace(/\s+/gu, ' ').trim().toLowerCase();

/**
 * Pick a tag: the tags in use are offered, most used first, and the box narrows them down; a new tag is made only
 * by pressing the button that names it, never by a typing slip.
 */
export function TagPicker({ choices, exclude = [], onPick }: { choices: FacetCount[]; exclude?: readonly string[]; onPick: (tag: string) => void }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const id = useId();
  const [text, setText] = useState('');
  const typed = text.normalize('NFC').replace(/\s+/gu, ' ').trim();
  const excluded = new Set(exclude.map(fold));
  const offered = choices.filter((c) => !excluded.has(fold(c.value)));
  const matching = typed === '' ? offered.slice(0, SHOWN) : offered.filter((c) => fold(c.value).includes(fold(typed))).slice(0, SHOWN);
  const exists = typed !== '' && (choices.some((c) => fold(c.value) === fold(typed)) || excluded.has(fold(typed)));
  const pick = (tag: string) => {
    onPick(tag);
    setText('');
  };
  const byName = new Map(matching.map((c) => [c.value, c]));
  return (
    <div className="picker field tag-picker">
      <label htmlFor={id}>{t('tagFind')}</label>
      <input
        id={id}
        type="search"
        autoComplete="off"
        maxLength={40}
        value={text}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          // Enter picks the only tag offered, or makes the new one typed: never submits the form around.
          if (e.key !== 'Enter') return;
          e.preventDefault();
          if (matching.length === 1 && fold(matching[0]!.value) === fold(typed)) pick(matching[0]!.value);
          else if (typed !== '' && !exists) pick(typed);
        }}
        aria-describedby={`${id}-hint`}
        aria-controls={`${id}-results`}
      />
      <span className="hint" id={`${id}-hint`}>
        {t('tagFindHint')}
      </span>
      <div id={`${id}-results`} aria-live="polite">
        {matching.length > 0 ? (
          <ul className="picker-results tag-choices" aria-label={t('tagsUsed')}>
            {sortTags([...byName.keys()], lang)
              .sort((a, b) => byName.get(b)!.count - byName.get(a)!.count)
              .map((tag) => (
                <li key={tag}>
                  <button type="button" onClick={() => pick(tag)}>
                    {plural(i18n, 'tagUsedOn', byName.get(tag)!.count, { tag })}
                  </button>
                </li>
              ))}
          </ul>
        ) : (
          typed !== '' && <p>{t('tagNoMatch')}</p>
        )}
        {typed !== '' && !exists && (
          <button type="button" className="tag-new" onClick={() => pick(typed)}>
            {t('tagNew', { tag: typed })}
          </button>
        )}
      </div>
    </div>
  );
}
