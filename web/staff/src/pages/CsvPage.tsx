import { useId, useState } from 'react';
import { api, ApiError } from '../api/client.js';
import type { CsvImportResult as ImportResult } from '../../../../src/cases/index.js';
import { can, useSession } from '../app/session.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { SelectField } from '../components/fields.js';
import { Heading } from '../components/Heading.js';
import { useStatus } from '../components/Status.js';
import { useSubmit } from '../components/useSubmit.js';
import { useI18n } from '../i18n/i18n.js';
import { plural } from '../i18n/plural.js';

export function CsvPage() {
  const { t } = useI18n();
  const { me } = useSession();
  return (
    <>
      <Heading title={t('csvTitle')}>{t('csvTitle')}</Heading>
      <section aria-labelledby="export-heading">
        <h2 id="export-heading">{t('exportTitle')}</h2>
        <ul>
          <li>
            <a href="/api/export/incidents.csv" download>
              {t('exportIncidents')}
            </a>
          </li>
          <li>
            <a href="/api/export/people.csv" download>
              {t('exportPeople')}
            </a>
          </li>
        </ul>
      </section>
      {can(me.user.role, 'importRecords') && <ImportForm />}
    </>
  );
}

function ImportForm() {
  const i18n = useI18n();
  const { t } = i18n;
  const { announce } = useStatus();
  const fileId = useId();
  const [kind, setKind] = useState('incidents');
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const submit = useSubmit(async () => {
    setResult(null);
    if (!file) throw new ApiError(400, 'invalid-input', t('required'), 'file');
    const text = await file.text();
    let reply: ImportResult;
    try {
      reply = await api.postText<ImportResult>(`/api/import/${kind}?skipInvalid=${skipInvalid}`, text, 'text/csv');
    } catch (e) {
      // A refused import may still list its bad rows: show them rather than a bare error.
      const body = e instanceof ApiError ? (e.body as Partial<ImportResult> | undefined) : undefined;
      if (!body || !Array.isArray(body.errors)) throw e;
      reply = { imported: body.imported ?? 0, errors: body.errors };
    }
    setResult(reply);
    announce(plural(i18n, 'imported', reply.imported));
  });
  const fileError = submit.error instanceof ApiError && submit.error.field === 'file' ? submit.error.message : undefined;
  return (
    <section aria-labelledby="import-heading">
      <h2 id="import-heading">{t('importTitle')}</h2>
      <form onSubmit={submit.onSubmit} className="record-form" noValidate>
        <SelectField label={t('importWhat')} value={kind} onChange={setKind}>
          <option value="incidents">{t('navIncidents')}</option>
          <option value="people">{t('navPeople')}</option>
        </SelectField>
        <div className="field">
          <label htmlFor={fileId}>{t('csvFile')}</label>
          <input
            id={fileId}
            type="file"
            accept=".csv,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            aria-invalid={fileError ? true : undefined}
            aria-describedby={fileError ? `${fileId}-error` : undefined}
          />
          {fileError && (
            <span className="field-error" id={`${fileId}-error`}>
              {fileError}
            </span>
          )}
        </div>
        <label className="check">
          <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} /> {t('skipInvalid')}
        </label>
        {!fileError && <ErrorMessage error={submit.error} />}
        <button type="submit" disabled={submit.busy}>
          {t('importButton')}
        </button>
      </form>
      {result && (
        <div role="region" aria-label={t('importTitle')}>
          <p>{plural(i18n, 'imported', result.imported)}</p>
          {result.errors.length > 0 && (
            <>
              {result.imported === 0 && !skipInvalid && <p className="error">{t('nothingImported')}</p>}
              <table>
                <caption>{t('importErrors')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('line')}</th>
                    <th scope="col">{t('field')}</th>
                    <th scope="col">{t('message')}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.errors.map((e, i) => (
                    <tr key={i}>
                      <td>{e.line}</td>
                      <td>{e.field}</td>
                      <td>{e.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </div>
      )}
    </section>
  );
}
