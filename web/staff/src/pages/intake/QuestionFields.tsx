import { useId } from 'react';
import type { IntakeQuestionKind } from '../../../../../src/inbox/index.js';
import { SelectField, TextField } from '../../components/fields.js';
import { useI18n } from '../../i18n/i18n.js';
import { emptyOption, KINDS, type OptionDraft, type QuestionDraft } from './questionDrafts.js';

interface Props {
  draft: QuestionDraft;
  index: number;
  count: number;
  /** The message for a field, by the server's path for it (`questions.0.id`). */
  errorAt: (path: string) => string | undefined;
  onChange: (change: Partial<QuestionDraft>) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

/** One question of the questionnaire: its ID, kind, texts in both languages, options and place in the list. */
export function QuestionFields({ draft, index, count, errorAt, onChange, onMove, onRemove }: Props) {
  const { t } = useI18n();
  const optionsErrorId = useId();
  const name = t('question', { n: index + 1 });
  const at = `questions.${index}`;
  const optionsError = errorAt(`${at}.options`);
  const setOption = (j: number, change: Partial<OptionDraft>) => onChange({ options: draft.options.map((o, k) => (k === j ? { ...o, ...change } : o)) });
  const setKind = (kind: string) =>
    // A new choice starts with the two options it needs at least.
    onChange({ kind: kind as IntakeQuestionKind, options: kind === 'choice' && draft.options.length === 0 ? [emptyOption(), emptyOption()] : draft.options });
  return (
    <fieldset>
      <legend>{name}</legend>
      <div className="row">
        <TextField label={t('questionId')} required value={draft.id} onChange={(id) => onChange({ id })} error={errorAt(`${at}.id`)} autoComplete="off" />
        <SelectField label={t('questionKind')} value={draft.kind} onChange={setKind} error={errorAt(`${at}.kind`)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`questionKind_${k}`)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextField label={t('labelRu')} required value={draft.labelRu} onChange={(labelRu) => onChange({ labelRu })} error={errorAt(`${at}.label.ru`)} />
      <TextField label={t('labelEn')} required value={draft.labelEn} onChange={(labelEn) => onChange({ labelEn })} error={errorAt(`${at}.label.en`)} />
      <TextField label={t('helpRu')} value={draft.helpRu} onChange={(helpRu) => onChange({ helpRu })} error={errorAt(`${at}.help.ru`)} />
      <TextField label={t('helpEn')} value={draft.helpEn} onChange={(helpEn) => onChange({ helpEn })} error={errorAt(`${at}.help.en`)} />
      {draft.kind === 'choice' && (
        <fieldset aria-describedby={optionsError ? optionsErrorId : undefined}>
          <legend>{t('questionOptions')}</legend>
          {draft.options.map((o, j) => (
            <div className="row" key={o.key}>
              <TextField
                label={t('optionRu', { n: j + 1 })}
                required
                value={o.ru}
                onChange={(ru) => setOption(j, { ru })}
                error={errorAt(`${at}.options.${j}.ru`)}
              />
              <TextField
                label={t('optionEn', { n: j + 1 })}
                required
                value={o.en}
                onChange={(en) => setOption(j, { en })}
                error={errorAt(`${at}.options.${j}.en`)}
              />
              <button type="button" onClick={() => onChange({ options: draft.options.filter((_, k) => k !== j) })}>
                {t('remove')}: {t('option', { n: j + 1 })}
              </button>
            </div>
          ))}
          {optionsError && (
            <p className="field-error" id={optionsErrorId}>
              {optionsError}
            </p>
          )}
          <button
            type="button"
            data-invalid={optionsError ? true : undefined}
            aria-describedby={optionsError ? optionsErrorId : undefined}
            onClick={() => onChange({ options: [...draft.options, emptyOption()] })}
          >
            {t('addOption')}
          </button>
        </fieldset>
      )}
      <label className="check">
        <input type="checkbox" checked={draft.required} onChange={(e) => onChange({ required: e.target.checked })} /> {t('questionRequired')}
      </label>
      <label className="check">
        <input type="checkbox" checked={draft.private} onChange={(e) => onChange({ private: e.target.checked })} /> {t('questionPrivate')}
      </label>
      <div className="question-actions">
        <button type="button" id={`question-${draft.key}-up`} disabled={index === 0} onClick={() => onMove(-1)}>
          {t('moveUp')}: {name}
        </button>
        <button type="button" id={`question-${draft.key}-down`} disabled={index === count - 1} onClick={() => onMove(1)}>
          {t('moveDown')}: {name}
        </button>
        <button type="button" className="danger" onClick={onRemove}>
          {t('remove')}: {name}
        </button>
      </div>
    </fieldset>
  );
}
