/** What a custody leaf records. The leaf's data is this object as JSON, fields in this order. */
export type CustodyEvent =
  | { event: 'ingested'; item: string; sha256: string; size: number; batch: string; location: string }
  | { event: 'seen-again'; item: string; sha256: string; batch: string; location: string }
  | { event: 'decrypted'; item: string; sha256: string; purpose: string; by?: string }
  | { event: 'verified'; item: string; sha256: string; result: 'intact' | 'failed'; detail?: string }
  | {
      event: 'received';
      item: string;
      sha256: string;
      size: number;
      submission: string;
      file: string;
      via: 'browser' | 'form';
      ciphertextSha256: string;
      ciphertextSize: number;
      receivedDay: string;
    }
  | {
      /** A view made of `from` (poster, keyframe strip, contact sheet, proxy, cleaned copy): `item` is the new item. */
      event: 'derived';
      item: string;
      sha256: string;
      size: number;
      from: string;
      fromSha256: string;
      view: string;
      tool: string;
      toolVersion: string;
      parameters: string[];
      /** For a cleaned copy: the names (never the values) of the metadata it no longer holds. */
      removed?: string[];
    }
  | { event: 'exported'; item: string; sha256: string; package: string; form: 'plaintext' | 'age'; recipient?: string }
  | { event: 'blobs-copy-started'; to: string; blobs: number }
  | { event: 'blobs-copied'; to: string; copied: number; alreadyThere: number; failed: number; interrupted: boolean; error?: string };

export function encodeEvent(event: CustodyEvent, at: string): string {
  return JSON.stringify({ v: 1, at, ...event });
}
