import { Type, type Static } from 'typebox';

/** A submission as the staff's case of work, at the API's edge: one TypeBox schema per shape. */

export const SubmissionStatus = Type.Union([Type.Literal('new'), Type.Literal('in-review'), Type.Literal('imported'), Type.Literal('closed')]);
export type SubmissionStatus = Static<typeof SubmissionStatus>;

/** What staff may set by hand: "imported" is set when an import finishes. */
export const SettableStatus = Type.Union([Type.Literal('new'), Type.Literal('in-review'), Type.Literal('closed')]);

export const StaffRef = Type.Object({ id: Type.String(), displayName: Type.String(), username: Type.String() });
export type StaffRef = Static<typeof StaffRef>;

export const Label = Type.String({ minLength: 1, maxLength: 40, pattern: '^\\S(.*\\S)?$', description: 'a short free tag, no surrounding spaces' });

export const SubmissionComment = Type.Object({
  id: Type.String(),
  author: StaffRef,
  at: Type.String({ description: 'ISO 8601: staff comments keep their time, unlike what the intake stores' }),
  body: Type.String(),
});
export type SubmissionComment = Static<typeof SubmissionComment>;

/** Status, assignee and labels: what the inbox list shows of each submission. */
export const SubmissionCaseSummary = Type.Object({
  status: SubmissionStatus,
  assignee: Type.Union([StaffRef, Type.Null()]),
  labels: Type.Array(Type.String()),
});
export type SubmissionCaseSummary = Static<typeof SubmissionCaseSummary>;

export const SubmissionCase = Type.Object({
  ...SubmissionCaseSummary.properties,
  comments: Type.Array(SubmissionComment),
});
export type SubmissionCase = Static<typeof SubmissionCase>;

// Null first: the validator's type coercion would otherwise turn null into "" to fit the string.
export const AssignInput = Type.Object(
  { assigneeId: Type.Union([Type.Null(), Type.String({ minLength: 1, maxLength: 64 })]) },
  { additionalProperties: false },
);
export const StatusInput = Type.Object({ status: SettableStatus }, { additionalProperties: false });
export const LabelsInput = Type.Object({ labels: Type.Array(Label, { maxItems: 20 }) }, { additionalProperties: false });
export const CommentInput = Type.Object({ body: Type.String({ minLength: 1, maxLength: 10_000 }) }, { additionalProperties: false });

/** Who a submission may be assigned to (staff who may work the intake), and the labels used so far. */
export const CaseChoices = Type.Object({ assignees: Type.Array(StaffRef), labels: Type.Array(Type.String()) });
export type CaseChoices = Static<typeof CaseChoices>;

/** What a source said in the questionnaire, as kept with an item imported from their submission. */
/** A source's answer to one question, under the question's label as it was asked. */
export const IntakeAnswer = Type.Object({
  questionId: Type.String(),
  label: Type.Object({ ru: Type.String(), en: Type.String() }),
  answer: Type.String(),
  /** The question was marked as kept in the intake. */
  private: Type.Boolean(),
});
export type IntakeAnswer = Static<typeof IntakeAnswer>;

export const ItemSourceAnswers = Type.Object({
  itemId: Type.String(),
  submissions: Type.Array(
    Type.Object({
      submissionId: Type.String(),
      answers: Type.Array(IntakeAnswer),
    }),
  ),
});
export type ItemSourceAnswers = Static<typeof ItemSourceAnswers>;

/** The items an import of a submission gave, for linking them to a new incident. */
export const SubmissionItems = Type.Object({ itemIds: Type.Array(Type.String()) });
export type SubmissionItems = Static<typeof SubmissionItems>;
