import { Type } from 'typebox';
import { jobKind } from '../jobs/index.js';

/** One analysis per item: sending it again while it is queued or running answers with the same job. */
export const mediaAnalyseJob = jobKind({
  name: 'media.analyse',
  payload: Type.Object({ itemId: Type.String({ pattern: '^itm_[0-9a-z]{16}$' }), again: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  singletonKey: (payload) => payload.itemId,
  retry: { attempts: 3, delaySeconds: 30, maxDelaySeconds: 600 },
});

/** Sends an analysis for every media item that has none: after an ingest, and every ten minutes for what any import added. */
export const mediaSweepJob = jobKind({
  name: 'media.sweep',
  payload: Type.Object({}),
  singletonKey: () => 'sweep',
  everyMinutes: 10,
  retry: { attempts: 3, delaySeconds: 60, maxDelaySeconds: 600 },
});

/** The derived views of one item (poster, strip, sheet, proxy, cleaned copy): sent after its analysis; views stored before are kept. */
export const mediaDeriveJob = jobKind({
  name: 'media.derive',
  payload: Type.Object({ itemId: Type.String({ pattern: '^itm_[0-9a-z]{16}$' }), again: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
  singletonKey: (payload) => payload.itemId,
  retry: { attempts: 3, delaySeconds: 30, maxDelaySeconds: 600 },
});
