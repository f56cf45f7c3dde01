import type { Viewer } from '../accounts/index.js';
import { newTotpSecret } from '../accounts/index.js';
import type { Cases } from '../cases/index.js';

export const DEMO_USERNAME = 'demo';
export const DEMO_PASSWORD = 'demo password, not for real use';

export interface DemoLogin {
  username: string;
  password: string;
  totpSecret: string;
}

/**
 * Synthetic case records about obviously fictional people and places, linked to the demo vault's
 * items, and a demo administrator with an authenticator secret printed on the console.
 */
export async function createDemoRecords(cases: Cases, videoIds: string[]): Promise<DemoLogin> {
  const totpSecret = newTotpSecret();
  const admin = await cases.accounts.createUser({
    username: DEMO_USERNAME,
    displayName: 'Demo Administrator',
    role: 'admin',
    password: DEMO_PASSWORD,
    totpSecret,
  });
  let me: Viewer = { userId: admin.id, role: 'admin', compartments: new Set() };
  const compartment = (
    await cases.accounts.createCompartment(me, {
      name: 'Hospital leak (demo)',
      description: 'A restricted investigation: only its members see it.',
      members: [],
    })
  ).id;
  me = { ...me, compartments: new Set([compartment]) };

  const colony = (
    await cases.facilities.create(me, {
      nameRu: 'ИК-0 «Вымышленная» (демо)',
      nameEn: 'Penal Colony No. 0 "Fictional" (demo)',
      type: 'penal-colony',
      region: 'Саратовская область',
      administration: 'УФСИН (демо)',
      latitude: 51.6,
      longitude: 45.9,
    })
  ).id;
  const hospital = (
    await cases.facilities.create(me, {
      nameRu: 'Областная больница № 0 при ИК-0 (демо)',
      nameEn: 'Regional Prison Hospital No. 0 (demo)',
      type: 'prison-hospital',
      region: 'Саратовская область',
      latitude: 51.53,
      longitude: 46.03,
    })
  ).id;
  const sizo = (
    await cases.facilities.create(me, {
      nameRu: 'СИЗО-0 (демо)',
      nameEn: 'Pre-trial Detention Centre No. 0 (demo)',
      type: 'pre-trial-detention-centre',
      region: 'Тверская область',
      latitude: 56.86,
      longitude: 35.9,
    })
  ).id;

  const person = async (
    kinds: Array<'victim' | 'perpetrator' | 'witness' | 'official'>,
    ru: string,
    en: string,
    position?: { title: 'guard' | 'operative' | 'head-of-unit' | 'medical-staff'; rank: string; facilityId: string },
  ) =>
    (
      await cases.people.create(me, {
        kinds,
        names: [
          { name: ru, kind: 'official' },
          { name: en, kind: 'transliteration' },
        ],
        positions: position ? [position] : [],
        notesRu: 'Вымышленное лицо для демонстрации.',
        notesEn: 'A fictional person for the demo.',
      })
    ).id;
  const pyotr = await person(['victim'], 'Пётр Вымышленный', 'Pyotr Vymyshlenny');
  const ivan = await person(['victim', 'witness'], 'Иван Тестов', 'Ivan Testov');
  const arkady = await person(['perpetrator'], 'Аркадий Примеров', 'Arkady Primerov', { title: 'guard', rank: 'прапорщик (демо)', facilityId: colony });
  const semyon = await person(['perpetrator'], 'Семён Образцов', 'Semyon Obraztsov', { title: 'head-of-unit', rank: 'майор (демо)', facilityId: hospital });
  const nurse = await person(['perpetrator', 'witness'], 'Нина Демонстрационная', 'Nina Demonstratsionnaya', {
    title: 'medical-staff',
    rank: '',
    facilityId: hospital,
  });

  const beating = (
    await cases.incidents.create(me, {
      titleRu: 'Избиение при поступлении в больницу (демо)',
      titleEn: 'Beating on admission to the prison hospital (demo)',
      descriptionRu: 'Вымышленный случай: заключённого избили в приёмном отделении, медицинская помощь не оказывалась.',
      descriptionEn: 'A fictional case: a prisoner was beaten in the admission ward and given no medical care.',
      dateStart: '2025-11-07',
      datePrecision: 'day',
      facilityId: hospital,
      place: 'приёмное отделение',
      documentationStatus: 'documented',
    })
  ).id;
  await cases.parts.addAct(me, beating, {
    actTypeId: 'beating',
    victimId: pyotr,
    perpetrators: [
      { personId: arkady, degree: 'carried-out' },
      { personId: semyon, degree: 'ordered' },
    ],
  });
  await cases.parts.addAct(me, beating, { actTypeId: 'denial-of-medical-care', victimId: pyotr, perpetrators: [{ personId: nurse, degree: 'carried-out' }] });
  for (const [i, itemId] of videoIds.entries()) {
    await cases.parts.linkEvidence(me, beating, {
      itemId,
      startSeconds: 30,
      endSeconds: 42,
      note: i === 0 ? 'камера 3, приёмное отделение (демо)' : 'body camera 7 (demo)',
    });
  }
  await cases.parts.addIntervention(me, beating, {
    kind: 'complaint',
    status: 'filed',
    statusDate: '2025-11-20',
    body: 'Прокуратура Саратовской области (демо)',
  });
  await cases.parts.addIntervention(me, beating, {
    kind: 'criminal-case-opened',
    status: 'pending',
    statusDate: '2026-02-03',
    caseNumber: '00000000000000000 (демо)',
    article: 'ст. 286 ч. 3 УК РФ',
    body: 'СК России (демо)',
  });

  const cell = (
    await cases.incidents.create(me, {
      titleRu: 'ШИЗО и стрессовые позы (демо)',
      titleEn: 'Punishment cell and stress positions (demo)',
      descriptionRu: 'Вымышленный случай: после жалобы заключённого поместили в ШИЗО и заставляли часами стоять.',
      descriptionEn: 'A fictional case: after a complaint the prisoner was put in a punishment cell and made to stand for hours.',
      dateStart: '2025-12',
      datePrecision: 'month',
      facilityId: colony,
      documentationStatus: 'in-progress',
    })
  ).id;
  await cases.parts.addAct(me, cell, { actTypeId: 'punishment-cell', victimId: ivan, perpetrators: [{ personId: arkady, degree: 'carried-out' }] });
  await cases.parts.addAct(me, cell, { actTypeId: 'torture-stress-positions', victimId: ivan, perpetrators: [{ personId: arkady, degree: 'carried-out' }] });
  await cases.parts.linkIncidents(me, beating, { toIncidentId: cell, relation: 'led-to' });

  const restricted = (
    await cases.incidents.create(me, {
      titleRu: 'Пытки током в больнице: закрытое расследование (демо)',
      titleEn: 'Electric shocks in the hospital: a restricted investigation (demo)',
      descriptionRu: 'Вымышленный случай в закрытом отделе: его видят только участники.',
      descriptionEn: 'A fictional case in a compartment: only its members can see it.',
      dateStart: '2024',
      datePrecision: 'year',
      facilityId: hospital,
      documentationStatus: 'reported',
      compartmentId: compartment,
    })
  ).id;
  await cases.parts.addAct(me, restricted, { actTypeId: 'torture-electric-shocks', perpetrators: [{ personId: semyon, degree: 'present' }] });

  await cases.incidents.create(me, {
    titleRu: 'Вымогательство в СИЗО (демо)',
    titleEn: 'Extortion in the pre-trial detention centre (demo)',
    dateStart: '2023-05',
    datePrecision: 'approximate',
    facilityId: sizo,
    documentationStatus: 'reported',
  });
  return { username: DEMO_USERNAME, password: DEMO_PASSWORD, totpSecret };
}
