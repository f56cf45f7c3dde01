import type { IntakePageConfig } from '../../../src/intake/index.js';

export type RemoteUploadState = 'uploading' | 'awaiting-manifest' | 'complete' | 'rejected' | 'imported' | 'damaged';

/** An upload the server already knows for this submission (docs/intake.md, "Resume"). */
export interface RemoteUpload {
  id: string;
  url: string;
  fingerprint: string;
  /** Null once the file is complete: nothing more is encrypted for it. */
  key: string | null;
  header: string | null;
  length: number;
  offset: number;
  state: RemoteUploadState;
  /** The file's name sealed under the codename-derived key (`openFileName`), when the page that sent it sealed one. */
  name: string | null;
}

/** A refusal from the intake API; `message` is meant for the source. */
export class IntakeApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function listUploads(config: IntakePageConfig, submissionId: string): Promise<RemoteUpload[]> {
  const body = await call<{ uploads: RemoteUpload[] }>(config, `/submissions/${encodeURIComponent(submissionId)}/uploads`, {
    method: 'GET',
  });
  return body.uploads;
}

export async function sendManifest(config: IntakePageConfig, uploadId: string, manifest: string): Promise<void> {
  await call(config, `/uploads/${encodeURIComponent(uploadId)}/manifest`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ manifest }),
  });
}

async function call<T>(config: IntakePageConfig, path: string, init: RequestInit): Promise<T> {
  const headers = new Headers(init.headers);
  if (config.csrfToken) headers.set('X-Vigil-Csrf', config.csrfToken);
  headers.set('Accept', 'application/json');
  const response = await fetch(`${config.apiBase}${path}`, { ...init, headers, credentials: 'same-origin', cache: 'no-store' });
  const text = await response.text();
  const json = parseJson(text);
  if (!response.ok) {
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error;
    throw new IntakeApiError(error?.message ?? `HTTP ${response.status}`, error?.code ?? 'http', response.status);
  }
  return json as T;
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}
