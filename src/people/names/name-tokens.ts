import { nameKeys } from './name-keys.js';
import { hasCyrillic } from './scripts.js';

/** One word of a name as written, with its keys. */
export interface NameToken {
  text: string;
  keys: readonly string[];
  /** A single letter ("A.", «В.», "Yu."): a given name or patronymic shortened. */
  initial: boolean;
  /** Ends like a Russian patronymic: -ovich, -evna, -ichna, -ич, -вна… */
  patronymic: boolean;
  /** Written in capitals inside a name that is not (the surname, as in "SHCHERBAKOV Aleksei"). */
  capitals: boolean;
  cyrillic: boolean;
  /** The halves of a double name (Petrova-Vodkina, Анна-Мария), each a token of its own. */
  parts?: NameToken[];
}

/** Honorifics and particles that are not a part of the name. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mstr', 'dr', 'prof', 'г-н', 'г-жа', 'гр', 'mme', 'mlle', 'herr', 'frau']);
/** Turkic patronymic particles: Mamedov Ali Hasan ogly. They mark the word before as the patronymic. */
const PATRONYMIC_PARTICLES = new Set(['ogly', 'oglu', 'ogli', 'kyzy', 'kizi', 'qizi', 'оглы', 'кызы', 'улы', 'uly']);

const PATRONYMIC_KEY = /(?:ov|ev)(?:iQ|na)$|iQna$/;
/** A word of two letters or more that reads like an initial: Yu., Ya., Kh., Zh., Sh., Ch., Ts., Ju., Ja. */
const DIGRAPH_INITIAL = /^(?:yu|ya|ye|yo|ju|ja|je|jo|kh|zh|sh|ch|ts)$/i;

function letters(word: string): string {
  return word.replace(/[^\p{L}'’-]/gu, '');
}

export function makeToken(text: string, options: { dotted?: boolean } = {}): NameToken | undefined {
  const word = letters(text).replace(/^-+|-+$/g, '');
  if (word === '') return undefined;
  const halves = word.split(/-+/).filter((half) => half !== '');
  const bare = halves.join('');
  const initial = bare.length === 1 || (options.dotted === true && DIGRAPH_INITIAL.test(bare));
  const keys = nameKeys(bare);
  if (keys.length === 0) return undefined;
  const token: NameToken = {
    text: word,
    keys,
    initial,
    patronymic: !initial && keys.some((key) => PATRONYMIC_KEY.test(key)),
    capitals: false,
    cyrillic: hasCyrillic(word),
  };
  if (halves.length > 1) token.parts = halves.map((half) => makeToken(half)).filter((half): half is NameToken => half !== undefined);
  return token;
}

export interface Tokenised {
  tokens: NameToken[];
  /** How many tokens come before a comma or slash (SURNAME/GIVEN, "Surname, Given"), when one is there. */
  surnameCount?: number;
}

/** The words of a name written as one string, with the titles and particles taken out. */
export function tokenise(name: string): Tokenised {
  const text = name.normalize('NFKC').trim();
  const tokens: NameToken[] = [];
  let surnameCount: number | undefined;
  // "SHCHERBAKOV/ALEKSEI MR" (airline manifests) and "Shcherbakov, Aleksei": the surname comes first.
  const separator = /[,/;]/.exec(text);
  const segments = separator ? [text.slice(0, separator.index), text.slice(separator.index + 1)] : [text];
  for (const [i, segment] of segments.entries()) {
    for (const raw of segment.split(/[\s,/;]+/)) {
      // "A.V." is two initials; "Shcherbakov." one word.
      const pieces = raw.split('.').filter((piece) => piece !== '');
      for (const [j, piece] of pieces.entries()) {
        if (TITLES.has(piece.toLowerCase())) continue;
        if (PATRONYMIC_PARTICLES.has(piece.toLowerCase())) {
          const previous = tokens.at(-1);
          if (previous && !previous.initial) previous.patronymic = true;
          continue;
        }
        const dotted = j < pieces.length - 1 || raw.endsWith('.');
        const token = makeToken(piece, { dotted });
        if (token) tokens.push(token);
      }
    }
    if (i === 0 && separator && tokens.length > 0) surnameCount = tokens.length;
  }
  if (surnameCount === tokens.length) surnameCount = undefined;
  markCapitals(tokens);
  return surnameCount === undefined ? { tokens } : { tokens, surnameCount };
}

/** In "SHCHERBAKOV Aleksei" the word in capitals is the surname; in "SHCHERBAKOV ALEKSEI" nothing is marked. */
function markCapitals(tokens: NameToken[]): void {
  const isCapitals = (t: NameToken) => !t.initial && t.text.length > 1 && t.text === t.text.toUpperCase() && t.text !== t.text.toLowerCase();
  const capitals = tokens.filter(isCapitals);
  if (capitals.length === 1 && tokens.filter((t) => !t.initial).length > 1) capitals[0]!.capitals = true;
}
