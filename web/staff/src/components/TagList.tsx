import { useI18n, type Lang } from '../i18n/i18n.js';
import './lists.css';

/** Tags in the reader's alphabetical order. */
export function sortTags(tags: readonly string[], lang: Lang): string[] {
  const collator = new Intl.Collator(lang, { sensitivity: 'base', numeric: true });
  return [...tags].sort((a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** An incident's tags as small labels in a row that wraps; nothing when it has none. */
export function TagList({ tags, label }: { tags: readonly string[]; label?: string }) {
  const { lang } = useI18n();
  if (tags.length === 0) return null;
  return (
    <ul className="labels tag-list" aria-label={label}>
      {sortTags(tags, lang).map((tag) => (
        <li key={tag}>{tag}</li>
      ))}
    </ul>
  );
}
