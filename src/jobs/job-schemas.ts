import { Type, type Static } from 'typebox';

const JobStateSchema = Type.Union(['queued', 'retrying', 'active', 'done', 'parked', 'cancelled'].map((s) => Type.Literal(s)));

export const JobProgressSchema = Type.Object({
  done: Type.Number(),
  total: Type.Number(),
  message: Type.Optional(Type.String()),
  detail: Type.Optional(Type.Unknown()),
  updatedAt: Type.String(),
});

export const JobViewSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  state: JobStateSchema,
  payload: Type.Unknown(),
  singletonKey: Type.Union([Type.String(), Type.Null()]),
  attempts: Type.Integer(),
  maxAttempts: Type.Integer(),
  lastError: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  progress: Type.Union([JobProgressSchema, Type.Null()]),
});

export const QueueListingSchema = Type.Object({
  queues: Type.Array(Type.Object({ name: Type.String(), queued: Type.Integer(), active: Type.Integer(), parked: Type.Integer(), done: Type.Integer() })),
  parked: Type.Array(JobViewSchema),
});

/** What `vigil jobs --json` prints: the engine and its listing. */
export const JobQueueSchema = Type.Object({ engine: Type.Union([Type.Literal('sql'), Type.Literal('pg-boss')]), ...QueueListingSchema.properties });

export type JobQueueReport = Static<typeof JobQueueSchema>;
