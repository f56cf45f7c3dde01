import { BGN_PCGN, GOST_779, GOST_779_ALT, ICAO_DOC_9303, MVD_310, MVD_310_FR, MVD_782, translate, WIKIPEDIA, type Schema } from 'iuliia';
import { germanTranscription } from './german-transcription.js';

/** A way of writing Russian names in Latin letters that passports, registries, libraries or the press use. */
export interface TransliterationScheme {
  id: string;
  label: string;
  transliterate(cyrillic: string): string;
}

/**
 * iuliia 0.8.2 maps ё to the Cyrillic letter itself in BGN/PCGN and GOST 7.79 System A, where the standards
 * write a Latin ë: put the Latin letter back.
 */
function fixCyrillicYo(text: string): string {
  return text.replace(/ё/g, 'ë').replace(/Ё/g, 'Ë');
}

function iuliia(id: string, label: string, schema: Schema): TransliterationScheme {
  return { id, label, transliterate: (cyrillic) => fixCyrillicYo(translate(cyrillic, schema)) };
}

/** The schemes a Russian name is met in, the passport ones first (an explanation names the first that fits). */
export const TRANSLITERATION_SCHEMES: readonly TransliterationScheme[] = [
  iuliia('icao-9303', 'ICAO Doc 9303 (Russian passports since 2014)', ICAO_DOC_9303),
  iuliia('mvd-310', 'MVD order 310 of 1997 (Russian passports before ICAO)', MVD_310),
  iuliia('mvd-782', 'MVD order 782 of 2000 (Russian passports before ICAO)', MVD_782),
  iuliia('mvd-310-fr', 'MVD order 310, French table (the French convention)', MVD_310_FR),
  { id: 'german-duden', label: 'German transcription (Duden)', transliterate: germanTranscription },
  iuliia('bgn-pcgn', 'BGN/PCGN 1947', BGN_PCGN),
  iuliia('gost-7.79-a', 'GOST 7.79-2000 System A (ISO 9)', GOST_779),
  iuliia('gost-7.79-b', 'GOST 7.79-2000 System B', GOST_779_ALT),
  iuliia('wikipedia', 'English Wikipedia usage', WIKIPEDIA),
];

/** Letters that no scheme distinguishes from their plain form (case, diacritics, apostrophes). */
function plain(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’ʼʹ`"″]/g, '');
}

/**
 * The scheme under which a Cyrillic word is written exactly as the Latin one (ignoring case, diacritics and
 * apostrophes), or undefined when none writes it so.
 */
export function schemeWriting(cyrillic: string, latin: string): TransliterationScheme | undefined {
  const target = plain(latin);
  return TRANSLITERATION_SCHEMES.find((scheme) => plain(scheme.transliterate(cyrillic)) === target);
}
