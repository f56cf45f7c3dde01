import { Type, type Static } from 'typebox';
import { IntakeAnswer, SubmissionCaseSummary, SubmissionStatus } from './case-schemas.js';

/**
 * The staff side of intake at the API's edge, one TypeBox schema per shape: the routes validate and
 * serialise by them, the OpenAPI document is generated from them, and the staff app takes their static types.
 */

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ description: 'YYYY-MM-DD: the intake keeps no finer time' });

/** Text the organisation wrote in both languages. */
export const Localised = Type.Object({ ru: Type.String({ maxLength: 500 }), en: Type.String({ maxLength: 500 }) });
export type Localised = Static<typeof Localised>;

export const IntakeQuestionKind = Type.Union([Type.Literal('text'), Type.Literal('long-text'), Type.Literal('choice')]);
export type IntakeQuestionKind = Static<typeof IntakeQuestionKind>;

export const IntakeQuestion = Type.Object(
  {
    id: Type.String({ maxLength: 40 }),
    kind: IntakeQuestionKind,
    label: Localised,
    help: Type.Optional(Localised),
    options: Type.Optional(Type.Array(Localised, { maxItems: 50 })),
    required: Type.Boolean(),
    private: Type.Optional(
      Type.Boolean({ description: 'kept in the intake: never carried into an incident or shown with an imported item (how to reach the source, for one)' }),
    ),
  },
  { additionalProperties: false },
);
export type IntakeQuestion = Static<typeof IntakeQuestion>;

export const Questionnaire = Type.Object({ questions: Type.Array(IntakeQuestion, { maxItems: 40 }) }, { additionalProperties: false });
export type Questionnaire = Static<typeof Questionnaire>;

/** The intake landing page's words about the organisation (admins set them; the page escapes them). */
export const IntakeLanding = Type.Object(
  {
    organisation: Type.String({ maxLength: 120, description: "the organisation's name, shown as the landing page's heading" }),
    text: Type.Object({ ru: Type.String({ maxLength: 1000 }), en: Type.String({ maxLength: 1000 }) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type IntakeLanding = Static<typeof IntakeLanding>;

export const IntakeFileState = Type.Enum(['uploading', 'awaiting-manifest', 'complete', 'rejected', 'imported', 'damaged'], { type: 'string' });
export type IntakeFileState = Static<typeof IntakeFileState>;

export const InboxFile = Type.Object({
  id: Type.String(),
  state: IntakeFileState,
  name: Nullable(Type.String()),
  size: Nullable(Type.Integer()),
  mediaType: Nullable(Type.String()),
  sha256: Nullable(Type.String()),
  ciphertextSize: Type.Integer(),
  receivedBytes: Type.Integer(),
  itemId: Nullable(Type.String({ description: 'null also when the item is one the caller may not see' })),
  problem: Nullable(Type.String()),
  via: Type.Union([Type.Literal('browser'), Type.Literal('form')]),
});
export type InboxFile = Static<typeof InboxFile>;

const submissionSummary = {
  id: Type.String(),
  receivedDay: Day,
  state: Type.Union([Type.Literal('open'), Type.Literal('imported'), Type.Literal('partly-imported')]),
  fileCount: Type.Integer(),
  completeFiles: Type.Integer(),
  bytes: Type.Integer({ description: 'ciphertext bytes stored on the intake' }),
  messageCount: Type.Integer(),
  expiresDay: Nullable(Day),
  work: SubmissionCaseSummary,
};

export const InboxSummary = Type.Object(submissionSummary);
export type InboxSummary = Static<typeof InboxSummary>;

export const Inbox = Type.Object({ submissions: Type.Array(InboxSummary) });

/** The inbox's filters: `assignee` is `me`, `none` or a colleague's id. */
export const InboxQuery = Type.Object(
  {
    assignee: Type.Optional(Type.String({ maxLength: 64 })),
    status: Type.Optional(SubmissionStatus),
    label: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type InboxQuery = Static<typeof InboxQuery>;
export type Inbox = Static<typeof Inbox>;

export const StaffViewMessage = Type.Object({
  id: Type.String(),
  from: Type.Union([Type.Literal('source'), Type.Literal('staff')]),
  day: Day,
  body: Type.String(),
  author: Nullable(Type.String({ description: 'the staff member who wrote it' })),
});
export type StaffViewMessage = Static<typeof StaffViewMessage>;

export const MessageInput = Type.Object({ body: Type.String({ minLength: 1, maxLength: 20_000 }) }, { additionalProperties: false });

export const ImportStatus = Type.Object({
  state: Type.Union([Type.Literal('running'), Type.Literal('finished'), Type.Literal('failed'), Type.Literal('interrupted')]),
  bytesDone: Type.Integer(),
  bytesTotal: Type.Integer(),
  filesDone: Type.Integer(),
  filesTotal: Type.Integer(),
  imported: Type.Array(
    Type.Object({ fileId: Type.String(), itemId: Nullable(Type.String()), status: Type.Union([Type.Literal('new'), Type.Literal('duplicate')]) }),
    { description: 'itemId null, status new: an item the caller may not see' },
  ),
  problems: Type.Array(Type.Object({ fileId: Type.String(), reason: Type.String() }), { description: 'files not imported, and why' }),
  notes: Type.Array(Type.Object({ fileId: Type.String(), note: Type.String() }), { description: 'files imported without part of their description, and what' }),
  error: Nullable(Type.String()),
});
export type ImportStatus = Static<typeof ImportStatus>;

/** A source's answer to a question, with the question's label as it was asked. */
export { IntakeAnswer } from './case-schemas.js';

export const SubmissionDetail = Type.Object({
  ...submissionSummary,
  answers: Type.Array(IntakeAnswer),
  files: Type.Array(InboxFile),
  messages: Type.Array(StaffViewMessage),
  import: Nullable(ImportStatus),
});
export type SubmissionDetail = Static<typeof SubmissionDetail>;
