/**
 * The controlled vocabularies of case records. Act types are data (admins may add and rename them);
 * these are the terms a new organisation starts with. The other lists are fixed by the code.
 */
export interface SeedActType {
  id: string;
  parent?: string;
  ru: string;
  en: string;
}

export const SEED_ACT_TYPES: readonly SeedActType[] = [
  { id: 'beating', ru: 'Избиение', en: 'Beating' },
  { id: 'torture', ru: 'Пытки', en: 'Torture' },
  { id: 'torture-stress-positions', parent: 'torture', ru: 'Стрессовые позы («растяжка», «ласточка»)', en: 'Stress positions' },
  { id: 'torture-electric-shocks', parent: 'torture', ru: 'Пытки электрическим током', en: 'Electric shocks' },
  { id: 'torture-suffocation', parent: 'torture', ru: 'Удушение (пакет, противогаз)', en: 'Suffocation' },
  { id: 'sexual-violence', ru: 'Изнасилование и другое сексуальное насилие', en: 'Rape and other sexual violence' },
  { id: 'threat-of-sexual-violence', ru: 'Угрозы сексуального насилия', en: 'Threats of sexual violence' },
  { id: 'humiliation', ru: 'Унижение', en: 'Humiliation' },
  { id: 'denial-of-medical-care', ru: 'Отказ в медицинской помощи', en: 'Denial of medical care' },
  { id: 'death-in-custody', ru: 'Смерть под стражей', en: 'Death in custody' },
  { id: 'punishment-cell', ru: 'ШИЗО, ПКТ, одиночное заключение', en: 'Punishment cell / solitary confinement' },
  { id: 'forced-labour', ru: 'Принудительный труд', en: 'Forced labour' },
  { id: 'extortion', ru: 'Вымогательство', en: 'Extortion' },
  { id: 'pressure-to-enlist', ru: 'Принуждение к заключению контракта с армией', en: 'Pressure to enlist in the army' },
  { id: 'incommunicado-detention', ru: 'Содержание без связи с внешним миром', en: 'Incommunicado detention' },
];

export const PERSON_KINDS = ['victim', 'perpetrator', 'witness', 'official', 'source'] as const;
export const NAME_KINDS = ['official', 'alias', 'pseudonym', 'transliteration', 'former'] as const;
export const POSITION_TITLES = ['guard', 'operative', 'head-of-unit', 'deputy-head', 'medical-staff', 'investigator', 'prosecutor', 'judge', 'other'] as const;
export const DOCUMENT_KINDS = ['internal-passport', 'foreign-passport', 'service-id', 'military-id', 'other'] as const;
export const FACILITY_TYPES = [
  'penal-colony',
  'pre-trial-detention-centre',
  'punishment-cell-block',
  'prison-hospital',
  'tb-hospital',
  'police-station',
  'temporary-detention',
  'other',
] as const;
export const DATE_PRECISIONS = ['day', 'month', 'year', 'approximate'] as const;
export const DOCUMENTATION_STATUSES = ['reported', 'in-progress', 'documented', 'verified'] as const;
export const INVOLVEMENT_DEGREES = ['carried-out', 'ordered', 'present', 'covered-up'] as const;
export const INTERVENTION_KINDS = [
  'complaint',
  'criminal-case-opened',
  'criminal-case-refused',
  'officer-dismissed',
  'charged',
  'convicted',
  'acquitted',
  'echr-application',
  'un-communication',
] as const;
export const INTERVENTION_STATUSES = ['planned', 'filed', 'pending', 'granted', 'refused', 'closed'] as const;
export const INCIDENT_RELATIONS = ['led-to'] as const;
