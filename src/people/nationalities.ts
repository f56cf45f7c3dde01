/**
 * Nationalities as records write them (ISO 3166 codes of two or three letters, English or Russian names,
 * "D" on German passports), folded to ISO 3166-1 alpha-3. Countries not listed compare as written.
 */
const ALIASES: Record<string, readonly string[]> = {
  RUS: ['RU', 'RUSSIA', 'RUSSIAN FEDERATION', 'RUSSIAN', 'РОССИЯ', 'РФ', 'РОССИЙСКАЯ ФЕДЕРАЦИЯ', 'RF'],
  UKR: ['UA', 'UKRAINE', 'UKRAINIAN', 'УКРАИНА'],
  BLR: ['BY', 'BELARUS', 'BELARUSIAN', 'БЕЛАРУСЬ', 'БЕЛОРУССИЯ', 'РЕСПУБЛИКА БЕЛАРУСЬ'],
  KAZ: ['KZ', 'KAZAKHSTAN', 'КАЗАХСТАН'],
  UZB: ['UZ', 'UZBEKISTAN', 'УЗБЕКИСТАН'],
  TJK: ['TJ', 'TAJIKISTAN', 'ТАДЖИКИСТАН'],
  KGZ: ['KG', 'KYRGYZSTAN', 'КИРГИЗИЯ', 'КЫРГЫЗСТАН'],
  TKM: ['TM', 'TURKMENISTAN', 'ТУРКМЕНИСТАН'],
  GEO: ['GE', 'GEORGIA', 'ГРУЗИЯ'],
  ARM: ['AM', 'ARMENIA', 'АРМЕНИЯ'],
  AZE: ['AZ', 'AZERBAIJAN', 'АЗЕРБАЙДЖАН'],
  MDA: ['MD', 'MOLDOVA', 'МОЛДОВА', 'МОЛДАВИЯ'],
  EST: ['EE', 'ESTONIA', 'ЭСТОНИЯ'],
  LVA: ['LV', 'LATVIA', 'ЛАТВИЯ'],
  LTU: ['LT', 'LITHUANIA', 'ЛИТВА'],
  FIN: ['FI', 'FINLAND', 'ФИНЛЯНДИЯ'],
  POL: ['PL', 'POLAND', 'ПОЛЬША'],
  DEU: ['DE', 'D', 'GERMANY', 'ГЕРМАНИЯ'],
  FRA: ['FR', 'FRANCE', 'ФРАНЦИЯ'],
  GBR: ['GB', 'UK', 'UNITED KINGDOM', 'ВЕЛИКОБРИТАНИЯ'],
  USA: ['US', 'UNITED STATES', 'США'],
  TUR: ['TR', 'TURKEY', 'TÜRKIYE', 'ТУРЦИЯ'],
  ISR: ['IL', 'ISRAEL', 'ИЗРАИЛЬ'],
  SRB: ['RS', 'SERBIA', 'СЕРБИЯ'],
  CZE: ['CZ', 'CZECHIA', 'CZECH REPUBLIC', 'ЧЕХИЯ'],
};

const CODES = new Map<string, string>();
for (const [code, aliases] of Object.entries(ALIASES)) {
  CODES.set(code, code);
  for (const alias of aliases) CODES.set(alias, code);
}

export function normaliseNationality(text: string): string {
  const plain = text.normalize('NFKC').trim().toUpperCase().replace(/\s+/g, ' ');
  return CODES.get(plain) ?? plain;
}
