const english = new Intl.PluralRules('en');

/** "1 item", "2 items", "0 items": the CLI speaks English, and a count with "(s)" reads as a form left unfilled. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${english.select(n) === 'one' ? singular : plural}`;
}
