/** Latin letters and the Cyrillic ones drawn the same: OCR reading both languages picks either for them. */
const LATIN = 'ABCEHKMOPTXYaceopxy';
const CYRILLIC = 'АВСЕНКМОРТХУасеорху';
const TO_CYRILLIC = new Map([...LATIN].map((c, i) => [c, CYRILLIC[i]!]));
const TO_LATIN = new Map([...CYRILLIC].map((c, i) => [c, LATIN[i]!]));

/** Words a recorder prints beside its clock, in each script: a word of lookalike letters is put in the script it is a word of. */
const ENGLISH = new Set(['CAM', 'CAMERA', 'CH', 'CHANNEL', 'GATE', 'HALL', 'DOOR', 'CELL', 'BLOCK', 'YARD', 'FLOOR', 'EXIT', 'ENTRANCE', 'ROOM', 'CORRIDOR']);
const RUSSIAN = new Set(['КАМЕРА', 'КАМ', 'КАНАЛ', 'ВХОД', 'ВЫХОД', 'КОРИДОР', 'ДВОР', 'ПОСТ', 'БЛОК', 'ЭТАЖ', 'КПП', 'КОРПУС', 'ОТРЯД', 'ШИЗО', 'ПКТ']);

/**
 * A name OCR read with English and Russian, its letters put in one script: the script of the letters only one of
 * them has (a К among lookalikes is Russian), or, for a word of lookalikes alone (CAM, КАМЕРА), the script it is a
 * known word of; otherwise as read.
 */
export function oneScript(word: string): string {
  const latin = (word.match(/[A-Za-z]/g) ?? []).filter((c) => !TO_CYRILLIC.has(c)).length;
  const cyrillic = (word.match(/[А-Яа-яЁё]/g) ?? []).filter((c) => !TO_LATIN.has(c)).length;
  const asLatin = [...word].map((c) => TO_LATIN.get(c) ?? c).join('');
  const asCyrillic = [...word].map((c) => TO_CYRILLIC.get(c) ?? c).join('');
  if (latin > cyrillic) return asLatin;
  if (cyrillic > latin) return asCyrillic;
  if (latin > 0) return word; // both scripts' own letters, as many of each: leave it
  const letters = asLatin.replace(/[^A-Za-z]/g, '').toUpperCase();
  if (ENGLISH.has(letters)) return asLatin;
  if (RUSSIAN.has(asCyrillic.replace(/[^А-Яа-яЁё]/g, '').toUpperCase())) return asCyrillic;
  return word;
}
