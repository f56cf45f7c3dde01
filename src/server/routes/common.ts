import { Type, type TSchema } from 'typebox';
import { Id } from '../../cases/index.js';
import { ApiError } from '../error-mapper.js';

export const IdParams = Type.Object({ id: Id });
export const VersionQuery = Type.Object({ version: Type.Integer({ minimum: 1 }) });
export const Created = Type.Object({ id: Type.String() });
export const NewVersion = Type.Object({ version: Type.Integer() });
export const Deleted = Type.Object({ deleted: Type.Literal(true) });
export const Restored = Type.Object({ restored: Type.Literal(true) });
/** A list in a query string: `?facility=a&facility=b`, or one value. */
export const ListOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Optional(Type.Union([Type.Array(item, { maxItems: 50 }), item]));

/**
 * A route's responses: its success (by status) and the one error shape for every 4xx and 5xx. Fastify
 * serialises by them (a field not declared is not sent) and the OpenAPI document is generated from them.
 */
export const replies = <T extends Record<number, TSchema>>(success: T) => ({ ...success, '4xx': ApiError, '5xx': ApiError });

/** A body that is not JSON (a CSV, a media stream): sent as it is, never serialised; `T` is what the handler sends. */
export const fileReply = <T = string>(mediaType: string, description: string) => ({
  description,
  content: { [mediaType]: { schema: Type.Unsafe<T>({ type: 'string', format: 'binary' }) } },
});

/** No body (204). */
export const NoContent = Type.Null({ description: 'no content' });

export function asList<T>(value: T | T[] | undefined): T[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}
