import { oneScript } from './name-script.js';

/** Weekday words a recorder prints beside its date, in English and Russian: not part of a camera's name. */
const WEEKDAYS =
  /^(mon|tue|wed|thu|fri|sat|sun|monday|tuesday|wednesday|thursday|friday|saturday|sunday|пн|вт|ср|чт|пт|сб|вс|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье)[.,]?$/i;
const MOST_NAME_CHARACTERS = 40;

/**
 * The camera's name printed beside the clock ("CAM 03", «КАМЕРА 2»), from the band's text read with letters:
 * what is left once the date, the time and any weekday are taken away, if it has letters in it. Marks OCR makes
 * of edges (lone punctuation) are dropped, and lookalike letters put in one script (see oneScript).
 */
export function cameraName(text: string): string | undefined {
  const words = withoutClock(text.replace(/[,;|]/g, ' ').split(/\s+/))
    .filter((word) => word !== '' && !WEEKDAYS.test(word))
    .map((word) => word.replace(/^[^\p{L}\p{N}#№]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter((word) => word !== '')
    .map(oneScript);
  const name = words.join(' ');
  const letters = (name.match(/\p{L}/gu) ?? []).length;
  if (letters < 2 || name.length > MOST_NAME_CHARACTERS) return undefined;
  return name;
}

// A date or a time: digits (or letters OCR takes for digits) run together with separators.
const DATE_OR_TIME = /^[\dOolISB]{1,4}[-./:;][\dOolISB]{1,2}([-./:;][\dOolISB]{1,4})?$/;

/** The words without the date and the time, even a time whose colons were lost (2021-02-28 12 01 04). */
function withoutClock(words: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!DATE_OR_TIME.test(words[i]!)) {
      kept.push(words[i]!);
      continue;
    }
    // Up to three numbers of one or two digits straight after a date are its time, spelt with spaces.
    let j = i + 1;
    while (j < words.length && j <= i + 3 && /^\d{1,2}$/.test(words[j]!)) j++;
    if (j === i + 4) i = j - 1;
  }
  return kept;
}
