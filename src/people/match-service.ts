import { PeopleInputError } from './people-errors.js';
import type { MatchResult, PersonDescription } from './people-schemas.js';
import { matchPeople, preparePerson, type PreparedPerson } from './person-matcher.js';

function prepared(description: PersonDescription, side: 'A' | 'B'): PreparedPerson {
  const { person, problems } = preparePerson(description);
  const problem = problems[0];
  if (problem) throw new PeopleInputError(`${problem.field} of ${side}`, problem.field === 'dob' ? 'bad-date' : 'no-name', problem.message);
  return person!;
}

/** Two people as described, compared: a description that cannot be read is refused, not half-used. */
export function matchDescriptions(a: PersonDescription, b: PersonDescription): MatchResult {
  return matchPeople(prepared(a, 'A'), prepared(b, 'B'));
}
