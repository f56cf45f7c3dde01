import {
  DATE_PRECISIONS,
  DOCUMENTATION_STATUSES,
  FACILITY_TYPES,
  INTERVENTION_KINDS,
  INTERVENTION_STATUSES,
  INVOLVEMENT_DEGREES,
  NAME_KINDS,
  PERSON_KINDS,
  POSITION_TITLES,
  ROLES,
} from '../../../../src/shared/index.js';

/** Labels for the fixed vocabularies the server uses (the lists themselves come from src/shared/vocabulary.ts). */
type Terms = Record<string, Record<string, string>>;

const en: Terms = {
  role: { admin: 'administrator', investigator: 'investigator', editor: 'editor', viewer: 'viewer' },
  personKind: { victim: 'victim', perpetrator: 'perpetrator', witness: 'witness', official: 'official', source: 'source' },
  nameKind: { official: 'official', alias: 'alias', pseudonym: 'pseudonym', transliteration: 'transliteration', former: 'former' },
  positionTitle: {
    guard: 'guard',
    operative: 'operative',
    'head-of-unit': 'head of unit',
    'deputy-head': 'deputy head',
    'medical-staff': 'medical staff',
    investigator: 'investigator',
    prosecutor: 'prosecutor',
    judge: 'judge',
    other: 'other',
  },
  facilityType: {
    'penal-colony': 'penal colony',
    'pre-trial-detention-centre': 'pre-trial detention centre',
    'punishment-cell-block': 'punishment cell block',
    'prison-hospital': 'prison hospital',
    'tb-hospital': 'TB hospital',
    'police-station': 'police station',
    'temporary-detention': 'temporary detention',
    other: 'other',
  },
  datePrecision: { day: 'day', month: 'month', year: 'year', approximate: 'approximate' },
  documentationStatus: { reported: 'reported', 'in-progress': 'in progress', documented: 'documented', verified: 'verified' },
  degree: { 'carried-out': 'carried it out', ordered: 'ordered it', present: 'was present', 'covered-up': 'covered it up' },
  interventionKind: {
    complaint: 'complaint',
    'criminal-case-opened': 'criminal case opened',
    'criminal-case-refused': 'criminal case refused',
    'officer-dismissed': 'officer dismissed',
    charged: 'charged',
    convicted: 'convicted',
    acquitted: 'acquitted',
    'echr-application': 'ECHR application',
    'un-communication': 'UN communication',
  },
  interventionStatus: { planned: 'planned', filed: 'filed', pending: 'pending', granted: 'granted', refused: 'refused', closed: 'closed' },
  hasEvidence: { yes: 'yes', no: 'no' },
};

const ru: Terms = {
  role: { admin: 'администратор', investigator: 'следователь', editor: 'редактор', viewer: 'читатель' },
  personKind: { victim: 'пострадавший', perpetrator: 'виновный', witness: 'свидетель', official: 'должностное лицо', source: 'источник' },
  nameKind: { official: 'официальное', alias: 'прозвище', pseudonym: 'псевдоним', transliteration: 'транслитерация', former: 'прежнее' },
  positionTitle: {
    guard: 'охранник',
    operative: 'оперативник',
    'head-of-unit': 'начальник отдела',
    'deputy-head': 'заместитель начальника',
    'medical-staff': 'медработник',
    investigator: 'следователь',
    prosecutor: 'прокурор',
    judge: 'судья',
    other: 'другое',
  },
  facilityType: {
    'penal-colony': 'исправительная колония',
    'pre-trial-detention-centre': 'СИЗО',
    'punishment-cell-block': 'ШИЗО/ПКТ',
    'prison-hospital': 'тюремная больница',
    'tb-hospital': 'туберкулёзная больница',
    'police-station': 'отдел полиции',
    'temporary-detention': 'ИВС',
    other: 'другое',
  },
  datePrecision: { day: 'день', month: 'месяц', year: 'год', approximate: 'приблизительно' },
  documentationStatus: { reported: 'сообщено', 'in-progress': 'в работе', documented: 'задокументировано', verified: 'проверено' },
  degree: { 'carried-out': 'исполнитель', ordered: 'отдал приказ', present: 'присутствовал', 'covered-up': 'покрывал' },
  interventionKind: {
    complaint: 'жалоба',
    'criminal-case-opened': 'возбуждено уголовное дело',
    'criminal-case-refused': 'отказ в возбуждении дела',
    'officer-dismissed': 'сотрудник уволен',
    charged: 'предъявлено обвинение',
    convicted: 'осуждён',
    acquitted: 'оправдан',
    'echr-application': 'жалоба в ЕСПЧ',
    'un-communication': 'обращение в ООН',
  },
  interventionStatus: {
    planned: 'запланировано',
    filed: 'подано',
    pending: 'на рассмотрении',
    granted: 'удовлетворено',
    refused: 'отказано',
    closed: 'закрыто',
  },
  hasEvidence: { yes: 'да', no: 'нет' },
};

export const TERMS = { en, ru };

export const VOCAB = {
  personKind: PERSON_KINDS,
  nameKind: NAME_KINDS,
  positionTitle: POSITION_TITLES,
  facilityType: FACILITY_TYPES,
  datePrecision: DATE_PRECISIONS,
  documentationStatus: DOCUMENTATION_STATUSES,
  degree: INVOLVEMENT_DEGREES,
  interventionKind: INTERVENTION_KINDS,
  interventionStatus: INTERVENTION_STATUSES,
  role: ROLES,
} as const;

export type TermGroup = keyof typeof VOCAB | 'hasEvidence';
