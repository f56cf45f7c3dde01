import { useId } from 'react';
import { ApiError, fieldPath } from '../../api/client.js';
import type { EvidenceBox } from '../../../../../src/cases/index.js';
import { errorFor, TextField } from '../../components/fields.js';
import { parseDecimal } from '../../components/numbers.js';
import { useI18n, type I18n } from '../../i18n/i18n.js';

export type BoxDraft = Record<keyof EvidenceBox, string>;
export const EMPTY_BOX: BoxDraft = { x: '', y: '', width: '', height: '' };
const SIDES = ['x', 'y', 'width', 'height'] as const;
const LABELS = { x: 'boxX', y: 'boxY', width: 'boxWidth', height: 'boxHeight' } as const;

/** The typed box as the server takes it: all four fractions, or null for none; a mistake throws as a field error. */
export function boxFromDraft(draft: BoxDraft, t: I18n['t']): EvidenceBox | null {
  const filled = SIDES.filter((side) => draft[side].trim() !== '');
  if (filled.length === 0) return null;
  if (filled.length < SIDES.length) throw new ApiError(400, 'invalid-input', t('boxAllOrNone'), 'box');
  const box = { x: 0, y: 0, width: 0, height: 0 };
  for (const side of SIDES) {
    const value = parseDecimal(draft[side]);
    if (value === null || !Number.isFinite(value)) throw new ApiError(400, 'invalid-input', t('notANumber'), `box.${side}`);
    // A box may start at the edge (x or y of 0), but it cannot be empty (width or height of 0).
    if (value < 0 || value > 1 || (value === 0 && (side === 'width' || side === 'height')))
      throw new ApiError(400, 'invalid-input', t('fractionRange'), `box.${side}`);
    box[side] = value;
  }
  return box;
}

/** The optional box on the frame: four fractions of the frame's width and height, from its top left corner. */
export function BoxFields({ value, onChange, error }: { value: BoxDraft; onChange: (next: BoxDraft) => void; error: unknown }) {
  const { t } = useI18n();
  const id = useId();
  const whole = fieldPath(error) === 'box' ? (error as Error).message : undefined;
  return (
    <fieldset aria-describedby={[`${id}-hint`, whole ? `${id}-error` : ''].filter(Boolean).join(' ')}>
      <legend>{t('box')}</legend>
      <p className="hint" id={`${id}-hint`}>
        {t('boxHint')}
      </p>
      <div className="row">
        {SIDES.map((side) => (
          <TextField
            key={side}
            label={t(LABELS[side])}
            inputMode="decimal"
            value={value[side]}
            onChange={(text) => onChange({ ...value, [side]: text })}
            error={errorFor(error, `box.${side}`)}
          />
        ))}
      </div>
      {whole && (
        <p className="field-error" id={`${id}-error`}>
          {whole}
        </p>
      )}
    </fieldset>
  );
}

/** "12.5%": a fraction of the frame as people read it. */
const percent = (fraction: number) => `${Math.round(fraction * 1000) / 10}%`;

export function boxText(box: EvidenceBox, t: I18n['t']): string {
  return t('boxShown', { x: percent(box.x), y: percent(box.y), width: percent(box.width), height: percent(box.height) });
}
