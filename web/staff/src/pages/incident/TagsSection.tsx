import { useId, useState } from 'react';
import { api } from '../../api/client.js';
import type { TagChoices } from '../../../../../src/cases/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { OnDemand } from '../../components/OnDemand.js';
import { useStatus } from '../../components/Status.js';
import { sortTags, TagList } from '../../components/TagList.js';
import { TagPicker } from '../../components/TagPicker.js';
import { useLoad } from '../../components/useLoad.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';

/** The incident's tags, read first; "Change tags" opens an editor that picks from the tags in use. */
export function TagsSection({ incidentId, tags, canEdit, onChanged }: { incidentId: string; tags: string[]; canEdit: boolean; onChanged: () => void }) {
  const { t } = useI18n();
  return (
    <>
      {tags.length === 0 ? <p>{t('none')}</p> : <TagList tags={tags} label={t('tagsOfIncident')} />}
      {canEdit && (
        <OnDemand id="edit-tags" label={t('tagsEdit')}>
          {(close) => (
            <TagsForm
              incidentId={incidentId}
              tags={tags}
              onCancel={close}
              onDone={() => {
                close();
                onChanged();
              }}
            />
          )}
        </OnDemand>
      )}
    </>
  );
}

/** A draft of the tags: take one off, pick one to add; saved as what was added and what was taken off. */
function TagsForm({ incidentId, tags, onDone, onCancel }: { incidentId: string; tags: string[]; onDone: () => void; onCancel: () => void }) {
  const { t, lang } = useI18n();
  const { announce } = useStatus();
  const headingId = useId();
  const [draft, setDraft] = useState<string[]>(tags);
  const choices = useLoad(() => api.get<TagChoices>('/api/incident-tags'), 'incident-tags');
  const submit = useSubmit(async () => {
    const add = draft.filter((tag) => !tags.includes(tag));
    const remove = tags.filter((tag) => !draft.includes(tag));
    if (add.length > 0 || remove.length > 0) {
      await api.post(`/api/incidents/${incidentId}/tags`, { add, remove });
      announce(t('tagsSaved'));
    }
    onDone();
  });
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby={headingId} noValidate>
      <h3 id={headingId}>{t('tagsEdit')}</h3>
      {draft.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul className="labels tag-draft" aria-label={t('tagsOfIncident')}>
          {sortTags(draft, lang).map((tag) => (
            <li key={tag}>
              {tag}{' '}
              <button type="button" className="tag-remove" aria-label={t('tagRemove', { tag })} onClick={() => setDraft(draft.filter((d) => d !== tag))}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <TagPicker choices={choices.data?.tags ?? []} exclude={draft} onPick={(tag) => setDraft([...draft, tag])} />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('save')}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        {t('cancel')}
      </button>
    </form>
  );
}
