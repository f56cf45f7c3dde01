import type { ReactElement } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { match, useLocation } from '../router.js';
import { Heading } from '../components/Heading.js';
import { IncidentList } from '../pages/IncidentList.js';
import { IncidentView } from '../pages/IncidentView.js';
import { IncidentCreate } from '../pages/IncidentCreate.js';
import { PeopleList } from '../pages/PeopleList.js';
import { PersonView } from '../pages/PersonView.js';
import { PersonEdit } from '../pages/PersonEdit.js';
import { FacilitiesPage } from '../pages/FacilitiesPage.js';
import { FacilityView } from '../pages/FacilityView.js';
import { FacilityEdit } from '../pages/FacilityEdit.js';
import { VaultPage } from '../pages/VaultPage.js';
import { VaultItemView } from '../pages/VaultItemView.js';
import { CsvPage } from '../pages/CsvPage.js';
import { StatisticsPage } from '../pages/StatisticsPage.js';
import { MediaPage } from '../pages/media/MediaPage.js';
import { DuplicatesPage } from '../pages/media/DuplicatesPage.js';
import { TimelinePage } from '../pages/media/TimelinePage.js';
import { UsersPage } from '../pages/admin/UsersPage.js';
import { CompartmentsPage } from '../pages/admin/CompartmentsPage.js';
import { AuditPage } from '../pages/admin/AuditPage.js';
import { DeletedPage } from '../pages/admin/DeletedPage.js';
import { IntakeInbox } from '../pages/IntakeInbox.js';
import { HomePage } from '../pages/HomePage.js';
import { IntakeSubmission } from '../pages/IntakeSubmission.js';
import { QuestionnairePage } from '../pages/admin/QuestionnairePage.js';

type Route = [string, (params: Record<string, string>) => ReactElement];

const ROUTES: Route[] = [
  ['', () => <HomePage />],
  ['home', () => <HomePage />],
  ['incidents', () => <IncidentList />],
  ['incidents/new', () => <IncidentCreate />],
  ['incidents/:id', (p) => <IncidentView key={p.id} id={p.id!} />],
  ['statistics', () => <StatisticsPage />],
  ['people', () => <PeopleList />],
  ['people/new', () => <PersonEdit />],
  ['people/:id', (p) => <PersonView key={p.id} id={p.id!} />],
  ['people/:id/edit', (p) => <PersonEdit key={p.id} id={p.id!} />],
  ['facilities', () => <FacilitiesPage />],
  ['facilities/new', () => <FacilityEdit />],
  ['facilities/:id', (p) => <FacilityView key={p.id} id={p.id!} />],
  ['facilities/:id/edit', (p) => <FacilityEdit key={p.id} id={p.id!} />],
  ['vault', () => <VaultPage />],
  ['vault/:id', (p) => <VaultItemView key={p.id} id={p.id!} />],
  ['media', () => <MediaPage />],
  ['media/timeline', () => <TimelinePage />],
  ['media/duplicates', () => <DuplicatesPage />],
  ['csv', () => <CsvPage />],
  ['intake', () => <IntakeInbox />],
  ['intake/:id', (p) => <IntakeSubmission key={p.id} id={p.id!} />],
  ['admin/users', () => <UsersPage />],
  ['admin/compartments', () => <CompartmentsPage />],
  ['admin/audit', () => <AuditPage />],
  ['admin/deleted', () => <DeletedPage />],
  ['admin/questionnaire', () => <QuestionnairePage />],
];

export function Routes() {
  const { path } = useLocation();
  const { t } = useI18n();
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) return render(params);
  }
  return <Heading title={t('notFoundPage')}>{t('notFoundPage')}</Heading>;
}
