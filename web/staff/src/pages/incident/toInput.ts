import type { DatePrecision, DocumentationStatus, IncidentInput, IncidentPage } from '../../../../../src/cases/index.js';

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
    // The server checked these words against its vocabularies when they were saved.
    datePrecision: i.datePrecision as DatePrecision,
    facilityId: page.facility?.id ?? '',
    place: i.place,
    documentationStatus: i.documentationStatus as DocumentationStatus,
    compartmentId: i.compartmentId,
  };
}
