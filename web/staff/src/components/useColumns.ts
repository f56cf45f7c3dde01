import { useState } from 'react';

/** Which of a list's optional columns to show, remembered in this browser under `vigil.columns.<list>`. */
export function useColumns<T extends string>(list: string, all: readonly T[], shownAtFirst: readonly T[]): [T[], (next: T[]) => void] {
  const key = `vigil.columns.${list}`;
  const [shown, setShown] = useState<T[]>(() => {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
      if (Array.isArray(stored)) return all.filter((c) => stored.includes(c));
    } catch {
      // A value this version did not write: start again.
    }
    return [...shownAtFirst];
  });
  const set = (next: T[]) => {
    const ordered = all.filter((c) => next.includes(c));
    localStorage.setItem(key, JSON.stringify(ordered));
    setShown(ordered);
  };
  return [shown, set];
}
