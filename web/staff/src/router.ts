import { useEffect, useState } from 'react';

/** The app lives under /app/; paths inside it are written without that prefix, e.g. `incidents/inc_…`. */
export const BASE = '/app/';

export interface Location {
  path: string;
  search: URLSearchParams;
}

function current(): Location {
  const pathname = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '';
  return { path: pathname.replace(/\/$/, ''), search: new URLSearchParams(location.search) };
}

export function href(to: string): string {
  return BASE + to.replace(/^\//, '');
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href(to));
  else history.pushState(null, '', href(to));
  dispatchEvent(new PopStateEvent('popstate'));
}

export function useLocation(): Location {
  const [loc, setLoc] = useState(current);
  useEffect(() => {
    const update = () => setLoc(current());
    addEventListener('popstate', update);
    return () => removeEventListener('popstate', update);
  }, []);
  return loc;
}

/** `match('incidents/:id', 'incidents/inc_1')` → `{ id: 'inc_1' }`, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    const g = got[i]!;
    if (w.startsWith(':')) params[w.slice(1)] = decodeURIComponent(g);
    else if (w !== g) return null;
  }
  return params;
}
