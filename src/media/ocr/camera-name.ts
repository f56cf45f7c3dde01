/** Weekday words a recorder prints beside its date, in English and Russian: not part of a camera's name. */
const WEEKDAYS =
  /^(mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|пн|вт|ср|чт|пт|сб|вс|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)[.,]?$/i;
const MOST_NAME_CHARACTERS = 40;

/**
 * The camera's name printed beside the clock ("CAM 03", «КАМЕРА 2»), from the band's text read with letters:
 * what is left once the date, the time and any weekday are taken away, if it has letters in it. Stray marks
 * OCR makes of edges (lone punctuation, single letters at the ends) are dropped.
 */
export function cameraName(text: string): string | undefined {
  const words = text
    .replace(/[,;|]/g, ' ')
    .split(/\s+/)
    .filter((word) => word !== '' && !WEEKDAYS.test(word))
    // A date or a time: digits (or letters OCR takes for digits) run together with separators.
    .filter((word) => !/^[\dOolISB]{1,4}[-./:;][\dOolISB]{1,2}([-./:;][\dOolISB]{1,4})?$/.test(word))
    .map((word) => word.replace(/^[^\p{L}\p{N}#№]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word !== '');
  while (words.length > 0 && isStray(words[0]!)) words.shift();
  while (words.length > 0 && isStray(words[words.length - 1]!)) words.pop();
  const name = words.join(' ');
  const letters = (name.match(/\p{L}/gu) ?? []).length;
  if (letters < 2 || name.length > MOST_NAME_CHARACTERS) return undefined;
  return name;
}

function isStray(word: string): boolean {
  return word.length === 1 && !/\d/.test(word);
}
