import { Type, type Static } from 'typebox';
import { StaffRef, SubmissionStatus } from '../../inbox/index.js';

const Instant = Type.String({ description: 'ISO 8601 date and time' });
const Day = Type.String({ description: 'YYYY-MM-DD: the intake keeps only the day something arrived' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([Type.Null(), schema]);

export const HomeSubmission = Type.Object({
  id: Type.String(),
  receivedDay: Day,
  status: SubmissionStatus,
  assignee: Nullable(StaffRef),
  labels: Type.Array(Type.String()),
});
export type HomeSubmission = Static<typeof HomeSubmission>;

export const HomeIntake = Type.Object({
  newSubmissions: Type.Array(HomeSubmission),
  newMessages: Type.Array(
    Type.Object({ submissionId: Nullable(Type.String({ description: "the source's latest submission, to read the message in" })), count: Type.Integer() }),
  ),
  assigned: Type.Array(HomeSubmission, { description: 'submissions assigned to the caller, new or in review' }),
  marks: Type.Object(
    { submissions: Type.Array(Type.String()), messages: Type.Array(Type.String()) },
    { description: 'what this page showed as new: sent back to mark it seen' },
  ),
});
export type HomeIntake = Static<typeof HomeIntake>;

export const HomeItem = Type.Object({ id: Type.String(), name: Type.String(), mediaType: Type.String(), size: Type.Integer(), createdAt: Instant });
export const HomeItems = Type.Object({
  latest: Type.Array(HomeItem, { description: 'the newest first' }),
  count: Type.Integer({ description: 'how many arrived since (at most the limit of latest; see more)' }),
  more: Type.Boolean({ description: 'more arrived than are counted here' }),
});
export type HomeItems = Static<typeof HomeItems>;

export const HomeIncidentChange = Type.Object({
  id: Type.String(),
  titleRu: Type.String(),
  titleEn: Type.String(),
  changedAt: Instant,
  changes: Type.Integer({ description: 'changes others made since the last visit' }),
});

export const HomeJobQueue = Type.Object({
  name: Type.String(),
  queued: Type.Integer(),
  active: Type.Integer(),
  parked: Type.Integer(),
});
export type HomeJobQueue = Static<typeof HomeJobQueue>;

export const HomeVault = Type.Object({
  lastVerification: Nullable(
    Type.Object({
      at: Instant,
      failed: Nullable(Type.Integer({ description: 'items the caller may see whose latest check failed; null without evidence access' })),
    }),
  ),
  checkpoint: Nullable(
    Type.Object({
      id: Type.String(),
      /** Entries in the log: for those who manage the vault only (its growth counts hidden activity too). */
      treeSize: Type.Union([Type.Integer(), Type.Null()]),
      /** For those who manage the vault; others get the day only: a new checkpoint within the hour tells that the log grew. */
      createdAt: Nullable(Instant),
      createdDay: Day,
      timestamped: Type.Boolean(),
      cosignatures: Type.Integer({ description: "witnesses' cosignatures on the checkpoint" }),
    }),
  ),
  witnesses: Type.Integer({ description: 'witnesses configured' }),
  quorum: Type.Integer(),
});
export type HomeVault = Static<typeof HomeVault>;

/** One person's home page: what is new since their last visit, their work, the jobs, and the vault's state. */
export const Home = Type.Object({
  asOf: Instant,
  lastVisit: Nullable(Instant),
  since: Instant,
  intake: Nullable(HomeIntake),
  items: Nullable(HomeItems),
  incidents: Type.Object({ changes: Type.Array(HomeIncidentChange), total: Type.Integer() }),
  jobs: Type.Array(HomeJobQueue),
  vault: HomeVault,
});
export type Home = Static<typeof Home>;

export const HomeSeenInput = Type.Object(
  {
    asOf: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z$', description: 'the `asOf` of the home page seen' }),
    submissions: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 5000 }),
    messages: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 5000 }),
  },
  { additionalProperties: false },
);
export type HomeSeenInput = Static<typeof HomeSeenInput>;

export const FollowState = Type.Object({ following: Type.Boolean() });
export type FollowState = Static<typeof FollowState>;
