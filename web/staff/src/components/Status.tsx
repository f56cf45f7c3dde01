import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

/** How long a message stays on screen: on a phone it covers part of the page, and it must not follow the reader around. */
const SHOWN_MS = 10_000;

/** One polite live region for the whole app: "Saved.", "Created." and the like are read out once. */
interface StatusApi {
  announce: (message: string) => void;
}

const Context = createContext<StatusApi>({ announce: () => {} });

export function StatusProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const { lang } = useI18n();
  // A message was written in the language of its moment: after a switch it would stay in the other one.
  useEffect(() => setMessage(''), [lang]);
  const timers = useRef<ReturnType<typeof setTimeout>[]>([]);
  useEffect(() => () => timers.current.forEach(clearTimeout), []);
  const announce = useCallback((text: string) => {
    timers.current.forEach(clearTimeout);
    // Clearing first makes screen readers repeat a message that is the same as the last one.
    setMessage('');
    timers.current = [setTimeout(() => setMessage(text), 50), setTimeout(() => setMessage(''), 50 + SHOWN_MS)];
  }, []);
  const value = useMemo(() => ({ announce }), [announce]);
  return (
    <Context.Provider value={value}>
      {children}
      <div className="status" role="status" aria-live="polite">
        {message}
      </div>
    </Context.Provider>
  );
}

export function useStatus(): StatusApi {
  return useContext(Context);
}
