/** The two talisman 1.1 functions Vigil calls (the package ships no types). */
declare module 'talisman/metrics/jaro-winkler.js' {
  /** Jaro-Winkler similarity in [0, 1] (boost threshold 0.7, scaling factor 0.1). */
  export default function jaroWinkler(a: string, b: string): number;
}
declare module 'talisman/phonetics/double-metaphone.js' {
  /** Lawrence Philips' double metaphone: the primary and the alternative code, four characters at most. */
  export default function doubleMetaphone(word: string): [string, string];
}
