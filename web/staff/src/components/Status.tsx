import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

/** One polite live region for the whole app: "Saved.", "Created." and the like are read out once. */
interface StatusApi {
  announce: (message: string) => void;
}

const Context = createContext<StatusApi>({ announce: () => {} });

export function StatusProvider({ children }: { children: ReactNode }) {
  const [message, setMessage] = useState('');
  const announce = useCallback((text: string) => {
    // Clearing first makes screen readers repeat a message that is the same as the last one.
    setMessage('');
    setTimeout(() => setMessage(text), 50);
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
