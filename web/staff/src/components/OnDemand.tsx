import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useReturnFocus } from './useReturnFocus.js';

/**
 * Read first, edit on demand: a button that opens a form in its place. Opening takes the keyboard to the
 * form's first field; closing it (Cancel, or done) gives the keyboard back to the button. Nothing is open at first.
 */
export function OnDemand({ id, label, className, children }: { id: string; label: string; className?: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const panel = useRef<HTMLDivElement>(null);
  const returnFocus = useReturnFocus();
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>('input, select, textarea, button')?.focus();
  }, [open]);
  if (!open)
    return (
      <button type="button" id={id} className={className} aria-expanded={false} onClick={() => setOpen(true)}>
        {label}
      </button>
    );
  const close = () => {
    setOpen(false);
    returnFocus(id);
  };
  return (
    <div className="on-demand" ref={panel} onKeyDown={(e) => e.key === 'Escape' && close()}>
      {children(close)}
    </div>
  );
}
