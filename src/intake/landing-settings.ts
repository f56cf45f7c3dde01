import { IntakeError } from './intake-errors.js';
import type { IntakeRepository } from './intake-repository.js';
import type { Localised } from './questionnaire.js';

/** What the landing page says about who runs it: the organisation's name and a short text, in both languages. */
export interface LandingText {
  organisation: string;
  text: Localised;
}

export const LANDING_LIMITS = { organisation: 120, text: 1000 } as const;
const EMPTY: LandingText = { organisation: '', text: { ru: '', en: '' } };

/** Set by administrators, kept as an intake setting so that a separate intake machine has it too. */
export class LandingSettings {
  constructor(private readonly repo: IntakeRepository) {}

  async get(): Promise<LandingText> {
    const stored = await this.repo.setting('landing');
    if (!stored) return EMPTY;
    const parsed = JSON.parse(stored) as Partial<LandingText>;
    return { organisation: parsed.organisation ?? '', text: { ru: parsed.text?.ru ?? '', en: parsed.text?.en ?? '' } };
  }

  async replace(input: LandingText): Promise<LandingText> {
    const clean = (value: string) => value.replace(/\r\n?/g, '\n').trim();
    const landing = { organisation: clean(input.organisation).replace(/\s+/g, ' '), text: { ru: clean(input.text.ru), en: clean(input.text.en) } };
    if (landing.organisation.length > LANDING_LIMITS.organisation)
      throw new IntakeError(400, 'organisation-too-long', `The organisation's name may be at most ${LANDING_LIMITS.organisation} characters.`);
    for (const lang of ['ru', 'en'] as const) {
      if (landing.text[lang].length > LANDING_LIMITS.text)
        throw new IntakeError(400, 'text-too-long', `The landing text may be at most ${LANDING_LIMITS.text} characters (${lang}).`);
    }
    await this.repo.putSetting('landing', JSON.stringify(landing));
    return landing;
  }
}
