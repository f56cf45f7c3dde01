/** Everyone an incident's acts, involvements and interventions point at, once each. */
export function linkedPersonIds(
  acts: ReadonlyArray<{ victim_id: string | null }>,
  involvements: ReadonlyArray<{ perpetrator_id: string }>,
  interventions: ReadonlyArray<{ person_id: string | null }>,
): string[] {
  const ids = [...acts.map((a) => a.victim_id), ...involvements.map((i) => i.perpetrator_id), ...interventions.map((i) => i.person_id)];
  return [...new Set(ids.filter((id): id is string => id !== null))];
}
