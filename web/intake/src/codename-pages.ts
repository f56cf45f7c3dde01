import { wrapKeyFromCodename } from './codename-keys.js';
import type { IntakePageConfig } from '../../../src/intake/index.js';
import { statusAfter } from './dom.js';
import type { Translate } from './i18n.js';
import { storeWrapKey } from './wrap-key-store.js';

/** Derives the wrap key, saying so while scrypt runs; a failure is reported but never blocks the way on. */
export async function deriveAndStore(codename: string, config: IntakePageConfig, status: HTMLElement, t: Translate): Promise<boolean> {
  status.textContent = t('derivingKeys');
  try {
    storeWrapKey(await wrapKeyFromCodename(codename, config.codenameSalt));
    status.textContent = '';
    return true;
  } catch {
    status.textContent = t('deriveFailed');
    return false;
  }
}

/**
 * The page that shows a new codename: the wrap key is derived at once, while the source writes the words down, so
 * that the upload page never has to ask for them; "Continue" (allowed once "I have written it down" is ticked, by
 * the form's own `required`) waits for the derivation if it is still running.
 */
export function enhanceCodenamePage(doc: Document, config: IntakePageConfig, t: Translate): void {
  const words = doc.getElementById('codename');
  const form = doc.getElementById('codename-form');
  if (!words || !(form instanceof HTMLFormElement)) return;
  const status = statusAfter(form);
  const derived = deriveAndStore(words.textContent ?? '', config, status, t);
  let waiting = false;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (waiting) return;
    waiting = true;
    void derived.finally(() => form.submit());
  });
}

/** The sign-in form: derive the wrap key from the typed codename, then submit as the page would have. */
export function enhanceSignIn(doc: Document, config: IntakePageConfig, t: Translate): void {
  const form = doc.getElementById('login-form');
  if (!(form instanceof HTMLFormElement)) return;
  let busy = false;
  form.addEventListener('submit', (event) => {
    const input = form.elements.namedItem('codename');
    const codename = input instanceof HTMLInputElement ? input.value : '';
    if (codename.trim() === '') return;
    event.preventDefault();
    if (busy) return;
    busy = true;
    void deriveAndStore(codename, config, statusAfter(form), t).finally(() => form.submit());
  });
}
