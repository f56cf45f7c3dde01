import { base64 } from '@scure/base';
import { Upload, type DetailedError, type UrlStorage } from 'tus-js-client';
import { makeAgeHeader } from './age-header.js';
import { ageFileSize, payloadKey } from '../../../src/age-format/index.js';
import type { ChunkEncryptor } from './chunk-encryptor.js';
import type { IntakePageConfig } from '../../../src/intake/index.js';
import { EncryptedFileSource } from './encrypted-file-source.js';
import type { Translate } from './i18n.js';
import { IntakeApiError, listUploads, sendManifest, type RemoteUpload, type RemoteUploadState } from './intake-api.js';
import { sealManifest } from './manifest.js';
import type { PlaintextHasher } from './plaintext-hasher.js';
import { fingerprint, sealFileName, unwrapFileSecrets, wrapFileSecrets, type FileSecrets } from './wrap-key.js';

export type FileStatus = 'queued' | 'preparing' | 'uploading' | 'paused' | 'finishing' | 'complete' | 'skipped' | 'failed';

export interface UploadContext {
  config: IntakePageConfig;
  submissionId: string;
  wrapKey: Uint8Array;
  encryptor: () => Promise<ChunkEncryptor>;
  /** SHA-256 of each file's plaintext, in a worker where one starts. */
  hasher: () => Promise<PlaintextHasher>;
  t: Translate;
}

const RETRY_DELAYS = [0, 1000, 3000, 5000, 10000];

/** Nothing about an upload is kept in the browser: resuming asks the server (see `findRemote`). */
const noUrlStorage: UrlStorage = {
  findAllUploads: () => Promise.resolve([]),
  findUploadsByFingerprint: () => Promise.resolve([]),
  removeUpload: () => Promise.resolve(),
  addUpload: () => Promise.resolve(''),
};

/** The name a file is known by: its path inside a chosen folder, else its own name. */
export function fileName(file: File): string {
  return file.webkitRelativePath || file.name;
}

/** One file's way to the intake: find or create its tus upload, send the age file, then the manifest. */
export class FileUpload {
  status: FileStatus = 'queued';
  bytesSent = 0;
  /** What was already on the server when this page took the upload up: not sent by this page, so not in its rate. */
  bytesResumed = 0;
  bytesTotal: number;
  error: string | undefined;
  /** The keyed fingerprint the intake knows this file's uploads by, once computed. */
  print: string | null = null;
  private tus: Upload | null = null;
  private finished: (() => void) | null = null;

  constructor(
    readonly file: File,
    private readonly context: UploadContext,
    private readonly onChange: (upload: FileUpload) => void,
  ) {
    this.bytesTotal = ageFileSize(0, file.size);
  }

  get name(): string {
    return fileName(this.file);
  }

  /** Resolves once the file is uploaded, skipped or has failed; a paused upload keeps it waiting. */
  run(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.finished = resolve;
      this.error = undefined;
      this.set('preparing');
      this.start().catch((error: unknown) => this.fail(this.describe(error)));
    });
  }

  /** After a failure: wait in the queue to be run again (which resumes from what the server holds). */
  requeue(): void {
    if (this.status !== 'failed') return;
    this.error = undefined;
    this.set('queued');
  }

  pause(): void {
    if (this.status !== 'uploading' || !this.tus) return;
    void this.tus.abort();
    this.set('paused');
  }

  resume(): void {
    if (this.status !== 'paused' || !this.tus) return;
    this.set('uploading');
    this.tus.start();
  }

  private async start(): Promise<void> {
    const { config, submissionId, wrapKey } = this.context;
    const print = fingerprint(wrapKey, this.name, this.file.size, this.file.lastModified);
    this.print = print;
    const remote = await this.findRemote(print);
    if (remote?.state === 'complete' || remote?.state === 'imported') return this.end('skipped');

    let secrets: FileSecrets | null = null;
    let header: Uint8Array | null = null;
    if (remote?.key && remote.header) {
      try {
        secrets = unwrapFileSecrets(wrapKey, remote.key);
        header = base64.decode(remote.header);
      } catch {
        secrets = null; // a key that does not open: start afresh
      }
    }
    let wrapped = remote?.key ?? '';
    if (!secrets || !header || !remote || remote.length !== ageFileSize(header.length, this.file.size)) {
      const made = await makeAgeHeader(config.recipients);
      secrets = made;
      header = made.header;
      wrapped = wrapFileSecrets(wrapKey, made);
    }

    const source = new EncryptedFileSource({
      blob: this.file,
      header,
      payloadNonce: secrets.payloadNonce,
      payloadKey: payloadKey(secrets.fileKey, secrets.payloadNonce),
      encryptor: await this.context.encryptor(),
      hasher: await this.context.hasher(),
      readAheadBytes: config.chunkSize,
    });
    this.bytesTotal = source.size;

    const resumed = remote && remote.key === wrapped ? remote : null;
    if (resumed?.state === 'awaiting-manifest') {
      this.bytesSent = this.bytesResumed = this.bytesTotal;
      return this.finish(resumed.id, source);
    }
    this.bytesSent = this.bytesResumed = resumed?.offset ?? 0;
    this.set('uploading');
    this.tus = new Upload(this.file, {
      endpoint: config.tusEndpoint,
      uploadUrl: resumed?.url ?? null,
      uploadSize: source.size,
      chunkSize: config.chunkSize,
      metadata: { submission: submissionId, fingerprint: print, key: wrapped, header: base64.encode(header), name: sealFileName(wrapKey, this.name) },
      headers: config.csrfToken ? { 'X-Vigil-Csrf': config.csrfToken } : {},
      retryDelays: RETRY_DELAYS,
      storeFingerprintForResuming: false,
      removeFingerprintOnSuccess: true,
      urlStorage: noUrlStorage,
      fingerprint: () => Promise.resolve(print),
      fileReader: { openFile: () => Promise.resolve(source) },
      onProgress: (sent, total) => {
        this.bytesSent = sent;
        this.bytesTotal = total;
        this.onChange(this);
      },
      onSuccess: () => {
        const url = this.tus?.url ?? '';
        const id = resumed && url === resumed.url ? resumed.id : uploadIdFromUrl(url);
        this.finish(id, source).catch((error: unknown) => this.fail(this.describe(error)));
      },
      onError: (error) => {
        if (this.status === 'paused') return;
        this.fail(this.describe(error));
      },
    });
    this.tus.start();
  }

  private async findRemote(print: string): Promise<RemoteUpload | undefined> {
    const uploads = await listUploads(this.context.config, this.context.submissionId);
    // A rejected or damaged upload is sent again from the start; one that arrived whole is not sent twice.
    const mine = uploads.filter((upload) => upload.fingerprint === print && upload.state !== 'rejected' && upload.state !== 'damaged');
    const prefer = (state: RemoteUploadState) => mine.find((upload) => upload.state === state);
    return prefer('complete') ?? prefer('imported') ?? prefer('awaiting-manifest') ?? prefer('uploading');
  }

  private async finish(uploadId: string, source: EncryptedFileSource): Promise<void> {
    this.set('finishing');
    const sha256 = await source.sha256Hex();
    const { file } = this;
    const manifest = await sealManifest(
      { v: 1, name: this.name, size: file.size, type: file.type, lastModified: file.lastModified, sha256 },
      this.context.config.recipients,
    );
    await sendManifest(this.context.config, uploadId, manifest);
    this.end('complete');
  }

  private describe(error: unknown): string {
    const { t } = this.context;
    if (error instanceof IntakeApiError) return error.message;
    const response = (error as Partial<DetailedError>).originalResponse;
    const body = response?.getBody()?.trim();
    if (response && response.getStatus() >= 400 && body) return body;
    const cause = (error as Partial<DetailedError>).causingError ?? error;
    if (cause instanceof DOMException && (cause.name === 'NotReadableError' || cause.name === 'NotFoundError')) return t('fileUnreadable');
    if ((error as Partial<DetailedError>).originalRequest && !response) return t('networkError');
    if (error instanceof TypeError && /fetch|network/i.test(error.message)) return t('networkError');
    return t('unexpected', { detail: error instanceof Error ? error.message : String(error) });
  }

  private fail(message: string): void {
    this.error = message;
    this.end('failed');
  }

  private end(status: 'complete' | 'skipped' | 'failed'): void {
    if (status === 'skipped') this.bytesResumed = this.bytesTotal;
    if (status !== 'failed') this.bytesSent = this.bytesTotal;
    this.tus = null;
    this.set(status);
    this.finished?.();
    this.finished = null;
  }

  private set(status: FileStatus): void {
    this.status = status;
    this.onChange(this);
  }
}

/** The tus upload URL ends with the upload's id, which the intake API uses too. */
export function uploadIdFromUrl(url: string): string {
  const path = new URL(url, 'http://x').pathname.replace(/\/+$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}
