import type { IncidentInput, IncidentPage } from '../../api/types.js';

/** The incident's own fields as an edit sends them back (PUT replaces the whole record). */
export function toInput(page: IncidentPage): IncidentInput {
  const i = page.incident;
  return {
    titleRu: i.titleRu,
    titleEn: i.titleEn,
    descriptionRu: i.descriptionRu,
    descriptionEn: i.descriptionEn,
    dateStart: i.dateStart ?? '',
    dateEnd: i.dateEnd ?? '',
    datePrecision: i.datePrecision,
    facilityId: page.facility?.id ?? '',
    place: i.place,
    documentationStatus: i.documentationStatus,
    compartmentId: i.compartmentId,
  };
}
