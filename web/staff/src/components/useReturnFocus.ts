import { useEffect, useRef } from 'react';

/**
 * When a form that opened in place closes, the keyboard goes back to the button that opened it:
 * call the returned function with that button's id, and it is focused once React has drawn it.
 */
export function useReturnFocus(): (id: string) => void {
  const pending = useRef<string | null>(null);
  useEffect(() => {
    if (!pending.current) return;
    const element = document.getElementById(pending.current);
    if (element) {
      element.focus();
      pending.current = null;
    }
  });
  return (id: string) => {
    pending.current = id;
  };
}
