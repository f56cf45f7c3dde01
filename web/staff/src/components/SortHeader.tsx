import type { ReactNode } from 'react';

/**
 * A column header that sorts the list by its column: the button names the column, `aria-sort` tells a
 * screen reader the order now, the arrow tells the eye.
 */
export function SortHeader({
  label,
  direction,
  onSort,
  className,
}: {
  label: ReactNode;
  direction: 'ascending' | 'descending' | null;
  onSort: () => void;
  className?: string;
}) {
  return (
    <th scope="col" aria-sort={direction ?? 'none'} className={className}>
      <button type="button" className="sort-header" onClick={onSort}>
        {label}
        <span aria-hidden="true" className="sort-arrow">
          {direction === 'ascending' ? '▲' : direction === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}
