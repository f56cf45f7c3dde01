import { deriveAndStore } from './codename-pages.js';
import type { IntakePageConfig } from '../../../src/intake/index.js';
import { h } from './dom.js';
import type { Translate } from './i18n.js';
import { RateMeter, bytesSentHere, formatBytes, formatDuration } from './progress.js';
import { refreshReceived } from './received-list.js';
import { FileUpload, type UploadContext } from './upload-file.js';
import { loadWrapKey } from './wrap-key-store.js';

export interface UploaderDeps {
  config: IntakePageConfig;
  t: Translate;
  encryptor: UploadContext['encryptor'];
  hasher: UploadContext['hasher'];
  /** Where the uploads are listed for `window.vigilIntake.state()`. */
  uploads: FileUpload[];
}

interface Row {
  progress: HTMLProgressElement;
  status: HTMLElement;
  figures: HTMLElement;
  error: HTMLElement;
  button: HTMLButtonElement;
}

/** Fills `#js-upload` and hides the no-JavaScript form, leaving a link back to it. */
export function mountUploader(section: HTMLElement, noJsForm: HTMLElement | null, deps: UploaderDeps): void {
  const { config, t } = deps;
  section.hidden = false;
  section.replaceChildren();
  const problem = !config.submissionId ? t('noSubmission') : config.recipients.length === 0 ? t('noRecipients') : null;
  if (problem) {
    section.append(h('p', { role: 'alert' }, problem));
    return;
  }
  if (noJsForm) {
    noJsForm.hidden = true;
    const link = h('a', { href: '#form-upload' }, t('noJsLink'));
    link.addEventListener('click', () => {
      noJsForm.hidden = false;
    });
    section.append(h('p', {}, link));
  }
  const body = h('div');
  section.prepend(body);
  const wrapKey = loadWrapKey();
  if (wrapKey) renderFilePicker(body, deps, wrapKey);
  else renderCodenamePrompt(body, deps);
}

function renderCodenamePrompt(container: HTMLElement, deps: UploaderDeps): void {
  const { t, config } = deps;
  const input = h('input', {
    type: 'password',
    id: 'js-codename',
    name: 'codename',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'js-codename-hint',
  });
  const status = h('p', { role: 'status', 'aria-live': 'polite' });
  const form = h(
    'form',
    {},
    h('label', { for: 'js-codename' }, t('codenameLabel')),
    input,
    h('p', { id: 'js-codename-hint' }, t('codenameHint')),
    h('button', { type: 'submit' }, t('codenameContinue')),
    status,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (input.value.trim() === '') {
      status.textContent = t('codenameEmpty');
      return;
    }
    void deriveAndStore(input.value, config, status, t).then(() => {
      const key = loadWrapKey();
      if (key) renderFilePicker(container, deps, key);
    });
  });
  container.replaceChildren(form);
}

const TICK_MS = 500;
const FINISHED = new Set(['complete', 'skipped', 'failed']);

function renderFilePicker(container: HTMLElement, deps: UploaderDeps, wrapKey: Uint8Array): void {
  const { config, t, uploads } = deps;
  const context: UploadContext = { config, t, wrapKey, submissionId: config.submissionId ?? '', encryptor: deps.encryptor, hasher: deps.hasher };
  const files = h('input', { type: 'file', id: 'js-files', multiple: '' });
  const folder = h('input', { type: 'file', id: 'js-folder', multiple: '', webkitdirectory: '' });
  const totalBar = h('progress', { id: 'js-total', max: '1', value: '0' });
  const totalText = h('p', { id: 'js-total-text', 'aria-live': 'off' });
  const done = h('p', { id: 'js-done', role: 'status', class: 'notice' });
  const list = h('ul', { class: 'uploads' });
  container.replaceChildren(
    h('p', {}, h('label', { for: 'js-files' }, t('chooseFiles')), ' ', files),
    h('p', {}, h('label', { for: 'js-folder' }, t('chooseFolder')), ' ', folder),
    h('p', {}, h('label', { for: 'js-total' }, t('total')), ' ', totalBar),
    totalText,
    done,
    list,
  );
  const refresh = () => void refreshReceived(document, config, t, wrapKey, uploads).catch(() => undefined);
  refresh();

  const rows = new Map<FileUpload, Row>();
  const meter = new RateMeter();
  let frame = 0;
  let ticker = 0;
  let wasDone = false;
  // Drawing is cheap but not free: at most one redraw a frame on a change of state, and two a second while bytes
  // move, each touching only what changed, so the page answers however many files are listed.
  const redraw = () => {
    frame = 0;
    for (const [upload, row] of rows) drawRow(upload, row, deps);
    const total = uploads.reduce((sum, upload) => sum + upload.bytesTotal, 0);
    const sent = uploads.reduce((sum, upload) => sum + upload.bytesSent, 0);
    const moving = uploads.some((upload) => upload.status === 'uploading');
    if (moving) meter.add(bytesSentHere(uploads));
    else meter.reset();
    totalBar.max = Math.max(1, total);
    totalBar.value = sent;
    const allDone = uploads.length > 0 && uploads.every((upload) => FINISHED.has(upload.status));
    const eta = meter.eta(total - sent);
    const figures = t('progress', { sent: formatBytes(sent, config.lang), total: formatBytes(total, config.lang) });
    const rate = moving && eta !== null ? ` · ${t('rate', { rate: formatBytes(meter.rate(), config.lang), eta: formatDuration(eta, config.lang) })}` : '';
    setText(totalText, figures + rate);
    setText(done, allDone ? doneText(uploads, t) : '');
    if (allDone && !wasDone) refresh();
    wasDone = allDone;
    if (moving && ticker === 0) ticker = window.setInterval(changed, TICK_MS);
    if (!moving && ticker !== 0) {
      window.clearInterval(ticker);
      ticker = 0;
    }
  };
  const changed = () => {
    if (frame === 0) frame = requestAnimationFrame(redraw);
  };

  let running = false;
  const runQueue = async () => {
    if (running) return;
    running = true;
    for (let next = uploads.find((u) => u.status === 'queued'); next; next = uploads.find((u) => u.status === 'queued')) await next.run();
    running = false;
  };

  const add = (chosen: FileList | null) => {
    for (const file of Array.from(chosen ?? [])) {
      const upload = new FileUpload(file, context, changed);
      const row = makeRow(upload, deps, () => {
        if (upload.status === 'uploading') upload.pause();
        else if (upload.status === 'paused') upload.resume();
        else if (upload.status === 'failed') {
          upload.requeue();
          void runQueue();
        }
      });
      rows.set(upload, row.parts);
      list.append(row.item);
      uploads.push(upload);
    }
    changed();
    void runQueue();
  };
  files.addEventListener('change', () => add(files.files));
  folder.addEventListener('change', () => add(folder.files));
}

/** The whole upload's end: every file arrived, or how many did not and what to do. */
function doneText(uploads: FileUpload[], t: Translate): string {
  const failed = uploads.filter((upload) => upload.status === 'failed').length;
  const arrived = uploads.length - failed;
  if (failed === 0) return t(arrived === 1 ? 'allDoneOne' : 'allDone', { n: String(arrived) });
  return t('doneWithFailures', { arrived: String(arrived), failed: String(failed) });
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

function makeRow(upload: FileUpload, deps: UploaderDeps, onButton: () => void): { item: HTMLLIElement; parts: Row } {
  const progress = h('progress', { max: '1', value: '0', 'aria-label': upload.name });
  const status = h('span', { 'aria-live': 'polite' });
  const figures = h('span', { class: 'figures' });
  const error = h('p', { role: 'alert', class: 'error' });
  const button = h('button', { type: 'button', hidden: '' });
  button.addEventListener('click', onButton);
  const parts = { progress, status, figures, error, button };
  const item = h('li', {}, h('span', { class: 'name' }, upload.name), ' ', progress, ' ', status, ' ', figures, ' ', button, error);
  drawRow(upload, parts, deps);
  return { item, parts };
}

function drawRow(upload: FileUpload, row: Row, { t, config }: UploaderDeps): void {
  const max = Math.max(1, upload.bytesTotal);
  if (row.progress.max !== max) row.progress.max = max;
  if (row.progress.value !== upload.bytesSent) row.progress.value = upload.bytesSent;
  setText(row.status, t(upload.status));
  row.status.className = `state state-${upload.status}`;
  // A finished file says so alone; the figures are for files on their way.
  setText(
    row.figures,
    FINISHED.has(upload.status) && upload.status !== 'failed'
      ? formatBytes(upload.file.size, config.lang)
      : t('progress', { sent: formatBytes(upload.bytesSent, config.lang), total: formatBytes(upload.bytesTotal, config.lang) }),
  );
  setText(row.error, upload.error ?? '');
  const label = upload.status === 'uploading' ? t('pause') : upload.status === 'paused' ? t('resume') : upload.status === 'failed' ? t('retry') : null;
  row.button.hidden = label === null;
  if (label !== null && row.button.textContent !== label) {
    row.button.textContent = label;
    // Each row's button says which file it is for, to a screen reader that lists the page's buttons.
    row.button.setAttribute('aria-label', `${label}: ${upload.name}`);
  }
}
