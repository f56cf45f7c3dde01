import { Type } from 'typebox';
import { Id } from '../../cases/case-schemas.js';

export const IdParams = Type.Object({ id: Id });
export const VersionQuery = Type.Object({ version: Type.Integer({ minimum: 1 }) });
export const Created = Type.Object({ id: Type.String() });
export const NewVersion = Type.Object({ version: Type.Integer() });
/** A list in a query string: `?facility=a&facility=b`, or one value. */
export const ListOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) => Type.Optional(Type.Union([Type.Array(item, { maxItems: 50 }), item]));

export function asList<T>(value: T | T[] | undefined): T[] | undefined {
  return value === undefined ? undefined : Array.isArray(value) ? value : [value];
}
