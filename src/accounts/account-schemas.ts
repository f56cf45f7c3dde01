import { Type, type Static } from 'typebox';
import { ROLES } from './viewer.js';

/**
 * The accounts' shapes at the API's edge, one schema each: the HTTP routes validate and serialise by
 * them, the OpenAPI document is generated from them, and the staff app takes their static types.
 */

/** The one union of roles, made from the one list of them (`ROLES`). */
export const Role = Type.Enum(ROLES, { type: 'string' });
export type Role = Static<typeof Role>;

export const PublicUser = Type.Object({
  id: Type.String(),
  username: Type.String(),
  displayName: Type.String(),
  role: Role,
  secondFactor: Type.Boolean({ description: 'an authenticator is enrolled' }),
  disabled: Type.Boolean(),
});
export type PublicUser = Static<typeof PublicUser>;

export const SessionReply = Type.Object({
  secondFactor: Type.Union([Type.Literal('verify'), Type.Literal('enrol'), Type.Literal('none')], {
    description: '`verify`: type a code; `enrol`: set up an authenticator first; `none`: signed in',
  }),
  user: PublicUser,
});
export type SessionReply = Static<typeof SessionReply>;

export const Me = Type.Object({ user: PublicUser, compartments: Type.Array(Type.String()) });
export type Me = Static<typeof Me>;

export const SecondFactorCode = Type.Object({ code: Type.String({ minLength: 6, maxLength: 12 }) }, { additionalProperties: false });
export const Enrolment = Type.Object({ secret: Type.String(), uri: Type.String({ description: 'otpauth:// URI for an authenticator app' }) });
export type Enrolment = Static<typeof Enrolment>;

export const LoginInput = Type.Object(
  { username: Type.String({ maxLength: 100 }), password: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
export const SignedOut = Type.Object({ signedOut: Type.Literal(true) });

export const NewUserInput = Type.Object(
  { username: Type.String({ maxLength: 63 }), displayName: Type.String({ maxLength: 200 }), role: Role, password: Type.String({ maxLength: 1000 }) },
  { additionalProperties: false },
);
export type NewUserInput = Static<typeof NewUserInput>;

export const UserPatch = Type.Object(
  {
    role: Type.Optional(Role),
    displayName: Type.Optional(Type.String({ maxLength: 200 })),
    disabled: Type.Optional(Type.Boolean()),
    resetSecondFactor: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type UserPatch = Static<typeof UserPatch>;

export const Compartment = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  members: Type.Array(Type.String(), { description: 'user ids' }),
});
export type Compartment = Static<typeof Compartment>;

/** A compartment as its members know it: they pick and read a restriction by its name, never by its id. */
export const CompartmentName = Type.Object({ id: Type.String(), name: Type.String() });
export type CompartmentName = Static<typeof CompartmentName>;

export const CompartmentInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    members: Type.Optional(Type.Array(Type.String(), { maxItems: 500 })),
  },
  { additionalProperties: false },
);
export type CompartmentInput = Static<typeof CompartmentInput>;

export const Members = Type.Object({ members: Type.Array(Type.String(), { maxItems: 500 }) }, { additionalProperties: false });
export type Members = Static<typeof Members>;
