import { InvalidInputError } from '../shared/index.js';
import type { PeopleInputProblem } from './people-schemas.js';

/** A name, file or option the people module cannot work with; its `problem` says which kind. */
export class PeopleInputError extends InvalidInputError {
  override name = 'PeopleInputError';
  constructor(
    field: string,
    readonly problem: PeopleInputProblem,
    message: string,
  ) {
    super(field, message);
  }
}
