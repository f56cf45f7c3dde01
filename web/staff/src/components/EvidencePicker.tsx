import { useState } from 'react';
import { api, query } from '../api/client.js';
import type { ItemHit, ItemHits, ItemKind } from '../../../../src/vault/index.js';
import { useI18n } from '../i18n/i18n.js';
import { SelectField } from './fields.js';
import { formatBytes } from './labels.js';
import { formatDay } from './media-format.js';
import { SearchPicker } from './SearchPicker.js';

const KINDS: ItemKind[] = ['video', 'image', 'audio', 'document'];
export const itemContentUrl = (itemId: string) => `/api/vault/items/${encodeURIComponent(itemId)}/content`;

/** A vault item as a person knows it: its poster frame (or a plain box), its file name, where and when it came. */
export function ItemHitView({ hit }: { hit: ItemHit }) {
  const { lang } = useI18n();
  return (
    <span className="item-hit">
      {hit.posterItemId ? <img src={itemContentUrl(hit.posterItemId)} alt="" loading="lazy" /> : <span className="item-hit-empty" aria-hidden="true" />}
      <span>
        <strong>{hit.name}</strong>
        <span className="meta">
          {hit.item.mediaType}, {formatBytes(hit.item.size)}, {formatDay(hit.item.createdAt.slice(0, 10), lang)}
        </span>
        {hit.location && hit.location !== hit.name && <span className="meta item-hit-place">{hit.location}</span>}
      </span>
    </span>
  );
}

/** A search box over /api/vault/search: part of a file name or folder, narrowed by kind; never an id to paste. */
export function EvidencePicker({ label, onChoose, error }: { label: string; onChoose: (hit: ItemHit) => void; error?: string }) {
  const { t } = useI18n();
  const [kind, setKind] = useState('');
  return (
    <div className="evidence-picker">
      <SelectField label={t('itemKind')} value={kind} onChange={setKind}>
        <option value="">{t('itemKindAny')}</option>
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`itemKind_${k}`)}
          </option>
        ))}
      </SelectField>
      <SearchPicker<ItemHit>
        label={label}
        error={error}
        hint={t('evidencePickerHint')}
        refresh={kind}
        search={(q) => api.get<ItemHits>(`/api/vault/search${query({ q, kind, limit: 12 })}`).then((r) => r.items)}
        keyOf={(hit) => hit.item.id}
        render={(hit) => <ItemHitView hit={hit} />}
        noneFound={t('evidencePickerNone')}
        resultsLabel={t('evidencePickerResults')}
        onChoose={onChoose}
      />
    </div>
  );
}
