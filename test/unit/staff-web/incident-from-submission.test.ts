import { describe, expect, it } from 'vitest';
import type { IncidentInput } from '../../../src/cases/index.js';
import { dateFromAnswer, incidentFromSubmission } from '../../../web/staff/src/pages/intake/incidentFromSubmission.js';

const EMPTY_INCIDENT: IncidentInput = {
  titleRu: '',
  titleEn: '',
  descriptionRu: '',
  descriptionEn: '',
  dateStart: '',
  dateEnd: '',
  datePrecision: 'day',
  facilityId: '',
  place: '',
  documentationStatus: 'reported',
};
const answer = (questionId: string, en: string, ru: string, text: string, kept = false) => ({ questionId, label: { en, ru }, answer: text, private: kept });

describe('an incident from a submission', () => {
  it('reads the date a source wrote, as precise as it is', () => {
    expect(dateFromAnswer('on 2024-03-05 at night')).toEqual({ dateStart: '2024-03-05', datePrecision: 'day' });
    expect(dateFromAnswer('5.3.2024')).toEqual({ dateStart: '2024-03-05', datePrecision: 'day' });
    expect(dateFromAnswer('03.2024')).toEqual({ dateStart: '2024-03', datePrecision: 'month' });
    expect(dateFromAnswer('в марте 2024')).toEqual({ dateStart: '2024-03', datePrecision: 'month' });
    expect(dateFromAnswer('March 2024')).toEqual({ dateStart: '2024-03', datePrecision: 'month' });
    expect(dateFromAnswer('летом 2023 года')).toEqual({ dateStart: '2023', datePrecision: 'year' });
    expect(dateFromAnswer('last winter')).toBeNull();
  });

  it('carries the answers, the place and the date, but never how to reach the source', () => {
    const input = incidentFromSubmission(
      '2026-12-01',
      [
        answer('facility', 'Facility', 'Учреждение', 'Fictional Colony No. 9'),
        answer('dates', 'When', 'Когда', 'март 2025'),
        answer('shows', 'What the files show', 'Что видно на файлах', 'a fictional yard'),
        answer('contact', 'How to reach you', 'Как связаться', 'fictional-handle', true),
        answer('lawyer', 'Your lawyer', 'Ваш адвокат', 'fictional-lawyer', true),
      ],
      [{ id: 'fac_0000000000000001', nameRu: 'ИК-0', nameEn: 'IK-0' }],
      EMPTY_INCIDENT,
    );
    expect(input).toMatchObject({ titleEn: 'From the submission of 2026-12-01', titleRu: 'Из обращения от 2026-12-01', place: 'Fictional Colony No. 9' });
    expect(input).toMatchObject({ dateStart: '2025-03', datePrecision: 'month' });
    expect(input.descriptionEn).toContain('What the files show: a fictional yard');
    expect(input.descriptionRu).toContain('Что видно на файлах: a fictional yard');
    expect(JSON.stringify(input)).not.toContain('fictional-handle');
    expect(JSON.stringify(input)).not.toContain('fictional-lawyer');
  });

  it('picks a known facility by its name instead of a free place', () => {
    const input = incidentFromSubmission(
      '2026-12-01',
      [answer('facility', 'F', 'Ф', 'ik-0')],
      [{ id: 'fac_0000000000000001', nameRu: 'ИК-0', nameEn: 'IK-0' }],
      EMPTY_INCIDENT,
    );
    expect(input).toMatchObject({ facilityId: 'fac_0000000000000001', place: '' });
  });

  // Found by a security review: the place, the facility and the date were read from every answer, private or not.
  it('takes no place, facility or date from an answer kept in the intake', () => {
    const facilities = [{ id: 'fac_0000000000000001', nameRu: 'ИК-0', nameEn: 'IK-0' }];
    // In a small colony the facility can name the only person who could have filmed; a release date, likewise.
    const place = incidentFromSubmission('2026-12-01', [answer('facility', 'Where', 'Где', 'Fictional punishment cell 7', true)], facilities, EMPTY_INCIDENT);
    expect(JSON.stringify(place)).not.toContain('Fictional punishment cell 7');
    const facility = incidentFromSubmission('2026-12-01', [answer('facility', 'Where', 'Где', 'IK-0', true)], facilities, EMPTY_INCIDENT);
    expect(facility.facilityId).toBe('');
    const date = incidentFromSubmission('2026-12-01', [answer('dates', 'When', 'Когда', '2025-03-05', true)], facilities, EMPTY_INCIDENT);
    expect(date.dateStart).toBe('');
    expect(JSON.stringify(date)).not.toContain('2025-03-05');
  });
});
