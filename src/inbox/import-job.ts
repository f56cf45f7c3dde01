import { Type } from 'typebox';
import { jobKind } from '../jobs/index.js';

/** One import per submission: sending it again while it is queued or running answers with the same job. */
export const intakeImportJob = jobKind({
  name: 'intake.import',
  payload: Type.Object({ submissionId: Type.String({ maxLength: 64 }) }, { additionalProperties: false }),
  singletonKey: (payload) => payload.submissionId,
  retry: { attempts: 6, delaySeconds: 10, maxDelaySeconds: 30 * 60 },
});

/** What an import stores as its progress detail, beside the bytes done and total. */
export interface ImportDetail {
  filesDone: number;
  filesTotal: number;
  imported: { fileId: string; itemId: string | null; status: 'new' | 'duplicate' }[];
  problems: { fileId: string; reason: string }[];
  notes: { fileId: string; note: string }[];
}
