import type { IntakePageConfig } from '../../../src/intake/index.js';
import { h } from './dom.js';
import type { MessageKey, Translate } from './i18n.js';
import { listUploads, type RemoteUploadState } from './intake-api.js';
import type { FileUpload } from './upload-file.js';
import { openFileName } from './wrap-key.js';

const STATE_KEYS: Record<RemoteUploadState, MessageKey> = {
  uploading: 'remoteUploading',
  'awaiting-manifest': 'remoteAwaiting',
  complete: 'remoteReceived',
  imported: 'remoteReceived',
  rejected: 'remoteRejected',
  damaged: 'remoteDamaged',
};

/**
 * The page's "received so far" list, brought up to date without a reload: each browser upload named by the name its
 * page sealed under the codename key (the intake holds only that), and in its state now. A file this page is
 * uploading is listed once, in the upload list above, not again here.
 */
export async function refreshReceived(doc: Document, config: IntakePageConfig, t: Translate, wrapKey: Uint8Array, uploads: FileUpload[]): Promise<void> {
  if (uploads.some((upload) => upload.status === 'complete' || upload.status === 'skipped')) {
    const nothingYet = doc.getElementById('no-files-yet');
    if (nothingYet) nothingYet.hidden = true;
  }
  const list = doc.getElementById('received-files');
  if (!config.submissionId || !list) return;
  const onPage = new Set(uploads.map((upload) => upload.print));
  for (const remote of await listUploads(config, config.submissionId)) {
    const item = list.querySelector<HTMLElement>(`li[data-upload="${CSS.escape(remote.id)}"]`);
    if (!item) continue;
    item.hidden = onPage.has(remote.fingerprint);
    const name = remote.name ? openFileName(wrapKey, remote.name) : null;
    const nameSpan = item.querySelector('.name');
    if (name && nameSpan) nameSpan.textContent = name;
    const stateSpan = item.querySelector('.state');
    if (stateSpan) stateSpan.replaceChildren(h('span', {}, t(STATE_KEYS[remote.state])));
  }
}
