/**
 * The regions facilities are in, with a name in each language: a facility stores its region as typed (in
 * Russian, as Russian documents name it), and each reader sees it in their own language. A region not in
 * this list is shown as it was typed. No imports: the unit tests load it as it is.
 */
export interface RegionNames {
  ru: string;
  en: string;
  /** Other ways the region is written (short forms, former or occupation-era names). */
  also?: string[];
}

const oblast = (ru: string, en: string): RegionNames => ({ ru: `${ru} область`, en: `${en} Oblast`, also: [ru] });
const krai = (ru: string, en: string): RegionNames => ({ ru: `${ru} край`, en: `${en} Krai` });

/** The federal subjects of Russia, and the regions of Ukraine it occupies, where its prisons hold people. */
export const REGIONS: readonly RegionNames[] = [
  { ru: 'Республика Адыгея', en: 'Republic of Adygea', also: ['Адыгея'] },
  { ru: 'Республика Алтай', en: 'Altai Republic' },
  { ru: 'Республика Башкортостан', en: 'Republic of Bashkortostan', also: ['Башкортостан', 'Башкирия'] },
  { ru: 'Республика Бурятия', en: 'Republic of Buryatia', also: ['Бурятия'] },
  { ru: 'Республика Дагестан', en: 'Republic of Dagestan', also: ['Дагестан'] },
  { ru: 'Республика Ингушетия', en: 'Republic of Ingushetia', also: ['Ингушетия'] },
  { ru: 'Кабардино-Балкарская Республика', en: 'Kabardino-Balkarian Republic', also: ['Кабардино-Балкария'] },
  { ru: 'Республика Калмыкия', en: 'Republic of Kalmykia', also: ['Калмыкия'] },
  { ru: 'Карачаево-Черкесская Республика', en: 'Karachay-Cherkess Republic', also: ['Карачаево-Черкесия'] },
  { ru: 'Республика Карелия', en: 'Republic of Karelia', also: ['Карелия'] },
  { ru: 'Республика Коми', en: 'Komi Republic', also: ['Коми'] },
  { ru: 'Республика Крым', en: 'Crimea', also: ['Крым'] },
  { ru: 'Республика Марий Эл', en: 'Mari El Republic', also: ['Марий Эл'] },
  { ru: 'Республика Мордовия', en: 'Republic of Mordovia', also: ['Мордовия'] },
  { ru: 'Республика Саха (Якутия)', en: 'Sakha Republic (Yakutia)', also: ['Якутия', 'Республика Саха'] },
  { ru: 'Республика Северная Осетия — Алания', en: 'Republic of North Ossetia–Alania', also: ['Северная Осетия'] },
  { ru: 'Республика Татарстан', en: 'Republic of Tatarstan', also: ['Татарстан'] },
  { ru: 'Республика Тыва', en: 'Tuva Republic', also: ['Тыва', 'Тува'] },
  { ru: 'Удмуртская Республика', en: 'Udmurt Republic', also: ['Удмуртия'] },
  { ru: 'Республика Хакасия', en: 'Republic of Khakassia', also: ['Хакасия'] },
  { ru: 'Чеченская Республика', en: 'Chechen Republic', also: ['Чечня'] },
  { ru: 'Чувашская Республика', en: 'Chuvash Republic', also: ['Чувашия'] },
  krai('Алтайский', 'Altai'),
  krai('Забайкальский', 'Zabaykalsky'),
  krai('Камчатский', 'Kamchatka'),
  krai('Краснодарский', 'Krasnodar'),
  krai('Красноярский', 'Krasnoyarsk'),
  krai('Пермский', 'Perm'),
  krai('Приморский', 'Primorsky'),
  krai('Ставропольский', 'Stavropol'),
  krai('Хабаровский', 'Khabarovsk'),
  oblast('Амурская', 'Amur'),
  oblast('Архангельская', 'Arkhangelsk'),
  oblast('Астраханская', 'Astrakhan'),
  oblast('Белгородская', 'Belgorod'),
  oblast('Брянская', 'Bryansk'),
  oblast('Владимирская', 'Vladimir'),
  oblast('Волгоградская', 'Volgograd'),
  oblast('Вологодская', 'Vologda'),
  oblast('Воронежская', 'Voronezh'),
  oblast('Ивановская', 'Ivanovo'),
  oblast('Иркутская', 'Irkutsk'),
  oblast('Калининградская', 'Kaliningrad'),
  oblast('Калужская', 'Kaluga'),
  { ru: 'Кемеровская область — Кузбасс', en: 'Kemerovo Oblast (Kuzbass)', also: ['Кемеровская область', 'Кемеровская', 'Кузбасс'] },
  oblast('Кировская', 'Kirov'),
  oblast('Костромская', 'Kostroma'),
  oblast('Курганская', 'Kurgan'),
  oblast('Курская', 'Kursk'),
  oblast('Ленинградская', 'Leningrad'),
  oblast('Липецкая', 'Lipetsk'),
  oblast('Магаданская', 'Magadan'),
  oblast('Московская', 'Moscow'),
  oblast('Мурманская', 'Murmansk'),
  oblast('Нижегородская', 'Nizhny Novgorod'),
  oblast('Новгородская', 'Novgorod'),
  oblast('Новосибирская', 'Novosibirsk'),
  oblast('Омская', 'Omsk'),
  oblast('Оренбургская', 'Orenburg'),
  oblast('Орловская', 'Oryol'),
  oblast('Пензенская', 'Penza'),
  oblast('Псковская', 'Pskov'),
  oblast('Ростовская', 'Rostov'),
  oblast('Рязанская', 'Ryazan'),
  oblast('Самарская', 'Samara'),
  oblast('Саратовская', 'Saratov'),
  oblast('Сахалинская', 'Sakhalin'),
  oblast('Свердловская', 'Sverdlovsk'),
  oblast('Смоленская', 'Smolensk'),
  oblast('Тамбовская', 'Tambov'),
  oblast('Тверская', 'Tver'),
  oblast('Томская', 'Tomsk'),
  oblast('Тульская', 'Tula'),
  oblast('Тюменская', 'Tyumen'),
  oblast('Ульяновская', 'Ulyanovsk'),
  oblast('Челябинская', 'Chelyabinsk'),
  oblast('Ярославская', 'Yaroslavl'),
  { ru: 'Москва', en: 'Moscow', also: ['г. Москва'] },
  { ru: 'Санкт-Петербург', en: 'Saint Petersburg', also: ['г. Санкт-Петербург', 'Петербург'] },
  { ru: 'Севастополь', en: 'Sevastopol', also: ['г. Севастополь'] },
  { ru: 'Еврейская автономная область', en: 'Jewish Autonomous Oblast', also: ['ЕАО'] },
  { ru: 'Ненецкий автономный округ', en: 'Nenets Autonomous Okrug', also: ['НАО'] },
  { ru: 'Ханты-Мансийский автономный округ — Югра', en: 'Khanty-Mansi Autonomous Okrug – Yugra', also: ['ХМАО', 'Ханты-Мансийский автономный округ', 'Югра'] },
  { ru: 'Чукотский автономный округ', en: 'Chukotka Autonomous Okrug', also: ['Чукотка'] },
  { ru: 'Ямало-Ненецкий автономный округ', en: 'Yamalo-Nenets Autonomous Okrug', also: ['ЯНАО'] },
  { ru: 'Донецкая область', en: 'Donetsk Oblast', also: ['Донецкая', 'Донецкая Народная Республика', 'ДНР'] },
  { ru: 'Луганская область', en: 'Luhansk Oblast', also: ['Луганская', 'Луганская Народная Республика', 'ЛНР'] },
  { ru: 'Запорожская область', en: 'Zaporizhzhia Oblast', also: ['Запорожская'] },
  { ru: 'Херсонская область', en: 'Kherson Oblast', also: ['Херсонская'] },
];

/** Case, ё, spaces and the kind of dash do not make another region. */
export function regionKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/\s*[-‐‑–—]\s*/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

const BY_KEY = new Map<string, RegionNames>();
for (const r of REGIONS) for (const name of [r.ru, r.en, ...(r.also ?? [])]) BY_KEY.set(regionKey(name), r);

/** The region as written in either language (or a short form), or undefined when it is not one we know. */
export function findRegion(text: string): RegionNames | undefined {
  return BY_KEY.get(regionKey(text));
}

/** A region in the reader's language; one not in the list as it was typed. */
export function regionName(text: string, lang: 'ru' | 'en'): string {
  return findRegion(text)?.[lang] ?? text;
}

/** What a facility stores for a region typed or picked in either language: its Russian name when known. */
export function canonicalRegion(text: string): string {
  return findRegion(text)?.ru ?? text;
}
