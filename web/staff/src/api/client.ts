/** The one way the app talks to the server: JSON, the CSRF header on every change, errors as ApiError. */

import type { ApiError as ApiErrorBody } from '../../../../src/server/index.js';
import type {
  CaseChoices,
  ImportStatus,
  InboxQuery,
  InboxSummary,
  IntakeLanding,
  IntakeQuestion,
  ItemSourceAnswers,
  StaffViewMessage,
  SubmissionCase,
  SubmissionDetail,
  SubmissionItems,
  SubmissionStatus,
} from '../../../../src/inbox/index.js';
import type { FollowState, Home, HomeSeenInput } from '../../../../src/app/index.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly currentVersion?: number,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

let csrfToken = '';
let onUnauthenticated: () => void = () => {};

export function setUnauthenticatedHandler(handler: () => void): void {
  onUnauthenticated = handler;
}

export async function refreshCsrf(): Promise<void> {
  const response = await fetch('/api/auth/csrf', { credentials: 'same-origin' });
  csrfToken = ((await response.json()) as { token: string }).token;
}

async function request<T>(method: string, url: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  if (method !== 'GET' && !csrfToken) await refreshCsrf();
  const headers: Record<string, string> = {};
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  if (body !== undefined) headers['content-type'] = contentType;
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!response.ok) {
    const error = (json as Partial<ApiErrorBody> | undefined)?.error;
    // Signing in answers 401 for a wrong password: that is the form's to show, not a lost session.
    if (response.status === 401 && !url.startsWith('/api/auth/')) onUnauthenticated();
    throw new ApiError(
      response.status,
      error?.code ?? 'http-' + response.status,
      error?.message ?? response.statusText,
      error?.field,
      error?.currentVersion,
      json,
    );
  }
  return json as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body?: unknown) => request<T>('POST', url, body ?? {}),
  postText: <T>(url: string, text: string, contentType: string) => request<T>('POST', url, text, contentType),
  put: <T>(url: string, body: unknown) => request<T>('PUT', url, body),
  patch: <T>(url: string, body: unknown) => request<T>('PATCH', url, body),
  del: <T>(url: string) => request<T>('DELETE', url),
};

function submissionUrl(id: string): string {
  return `/api/intake/submissions/${encodeURIComponent(id)}`;
}

/** Secure intake: what sources sent, its import into the vault, replies to them, and the questionnaire they answer. */
export const intakeApi = {
  submissions: (filter: InboxQuery = {}) => api.get<{ submissions: InboxSummary[] }>(`/api/intake/submissions${query({ ...filter })}`),
  submission: (id: string) => api.get<SubmissionDetail>(submissionUrl(id)),
  /** Starts the import in the background, or resumes it; while one runs, answers its status. */
  startImport: (id: string) => api.post<ImportStatus>(`${submissionUrl(id)}/import`, {}),
  /** 404 when no import was ever started. */
  importStatus: (id: string) => api.get<ImportStatus>(`${submissionUrl(id)}/import`),
  /** Refused with 409 `not-imported` while complete files wait for import, unless `discard`. */
  remove: (id: string, discard = false) => api.del<void>(`${submissionUrl(id)}${query({ discard: discard || undefined })}`),
  reply: (id: string, body: string) => api.post<StaffViewMessage>(`${submissionUrl(id)}/messages`, { body }),
  questionnaire: () => api.get<{ questions: IntakeQuestion[] }>('/api/intake/questionnaire'),
  saveQuestionnaire: (questions: IntakeQuestion[]) => api.put<{ questions: IntakeQuestion[] }>('/api/intake/questionnaire', { questions }),
  landing: () => api.get<IntakeLanding>('/api/intake/landing'),
  saveLanding: (landing: IntakeLanding) => api.put<IntakeLanding>('/api/intake/landing', landing),
  caseChoices: () => api.get<CaseChoices>('/api/intake/case-choices'),
  workOf: (id: string) => api.get<SubmissionCase>(`${submissionUrl(id)}/case`),
  assign: (id: string, assigneeId: string | null) => api.put<SubmissionCase>(`${submissionUrl(id)}/assignee`, { assigneeId }),
  setStatus: (id: string, status: Exclude<SubmissionStatus, 'imported'>) => api.put<SubmissionCase>(`${submissionUrl(id)}/status`, { status }),
  setLabels: (id: string, labels: string[]) => api.put<SubmissionCase>(`${submissionUrl(id)}/labels`, { labels }),
  comment: (id: string, body: string) => api.post<SubmissionCase>(`${submissionUrl(id)}/comments`, { body }),
  itemsOf: (id: string) => api.get<SubmissionItems>(`${submissionUrl(id)}/items`),
  answersOfItem: (itemId: string) => api.get<ItemSourceAnswers>(`/api/intake/items/${encodeURIComponent(itemId)}/answers`),
};

/** The signed-in person's home page, and following incidents. */
export const homeApi = {
  home: () => api.get<Home>('/api/home'),
  markSeen: (input: HomeSeenInput) => api.post<void>('/api/home/seen', input),
  following: (incidentId: string) => api.get<FollowState>(`/api/incidents/${encodeURIComponent(incidentId)}/follow`),
  follow: (incidentId: string, following: boolean) => api.put<FollowState>(`/api/incidents/${encodeURIComponent(incidentId)}/follow`, { following }),
};

/** A query string from a record; arrays repeat the parameter, empty values are left out. */
export function query(params: Record<string, string | number | boolean | undefined | null | Array<string | number>>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The server names a field as `body.data.titleRu`, `querystring.q` or `titleRu`: reduce it to the form's path. */
export function fieldPath(error: unknown): string | undefined {
  if (!(error instanceof ApiError) || !error.field) return undefined;
  return error.field.replace(/^(body|querystring|params)\./, '').replace(/^data\./, '');
}
