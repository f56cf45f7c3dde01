/** One of ajv's validation errors, as Fastify hands them over. */
export interface ValidationIssue {
  keyword?: string;
  message?: string;
  params?: Record<string, unknown>;
}

/**
 * A refused input in words a person can act on, instead of ajv's `must match pattern "^[a-z]{3}_…$"`. The field's
 * path stays in the error's `field` for programs; the message names only its last part.
 */
export function validationMessage(path: string, issue: ValidationIssue | undefined): string {
  const name = path.split('.').pop() || path;
  const params = issue?.params ?? {};
  switch (issue?.keyword) {
    case 'pattern':
      return /id$/i.test(name)
        ? `${name} is not a complete id: choose the record from the list instead of typing its id`
        : `${name} is not in the expected form`;
    case 'required':
      return `${name} is required`;
    case 'maxLength':
      return `${name} is too long (at most ${String(params.limit)} characters)`;
    case 'minLength':
      return params.limit === 1 ? `${name} must not be empty` : `${name} is too short (at least ${String(params.limit)} characters)`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${name} is too small (at least ${String(params.limit)})`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${name} is too large (at most ${String(params.limit)})`;
    case 'type':
      return `${name} should be ${String(params.type)}`;
    case 'enum':
    case 'const':
    case 'anyOf':
    case 'oneOf':
      return `${name} is not one of the values allowed`;
    case 'additionalProperties':
      return `${name} has an unknown field: ${String(params.additionalProperty)}`;
    default:
      return `${name}: ${issue?.message ?? 'is not valid'}`;
  }
}
