// Shared by the server, which renders it into every source page, and by the upload script (web/intake),
// which reads it back: keep this file free of imports so the browser build can take it as it is.

export type Lang = 'ru' | 'en';

/** What the server renders into `<script type="application/json" id="vigil-intake-config">`. */
export interface IntakePageConfig {
  lang: Lang;
  codenameSalt: string;
  recipients: string[];
  csrfToken?: string;
  submissionId?: string;
  tusEndpoint: string;
  apiBase: string;
  chunkSize: number;
}
