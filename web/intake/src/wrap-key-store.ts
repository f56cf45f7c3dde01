import { base64 } from '@scure/base';

const STORAGE_KEY = 'vigil.intake.wrapKey';

/** The wrap key lives for the tab's session only: closing the tab forgets it, the codename brings it back. */
export function loadWrapKey(): Uint8Array | null {
  try {
    const text = sessionStorage.getItem(STORAGE_KEY);
    const key = text ? base64.decode(text) : null;
    return key?.length === 32 ? key : null;
  } catch {
    return null;
  }
}

export function storeWrapKey(key: Uint8Array): void {
  try {
    sessionStorage.setItem(STORAGE_KEY, base64.encode(key));
  } catch {
    // storage disabled: the upload page will ask for the codename again
  }
}
