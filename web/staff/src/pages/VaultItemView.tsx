import { api, ApiError } from '../api/client.js';
import type { VaultItemPage } from '../../../../src/vault/index.js';
import { ErrorMessage } from '../components/ErrorMessage.js';
import { Heading } from '../components/Heading.js';
import { formatBytes } from '../components/labels.js';
import { Link } from '../components/Link.js';
import { useLoad } from '../components/useLoad.js';
import { useI18n } from '../i18n/i18n.js';
import { NotFound } from './IncidentView.js';
import { contentUrl, isPlayable } from './incident/EvidencePlayer.js';
import { ClipSection } from './media/ClipSection.js';
import { ItemRestriction } from './vault/ItemRestriction.js';
import { SourceSaid } from './vault/SourceSaid.js';
import { canIntake, useSession } from '../app/session.js';

export function VaultItemView({ id }: { id: string }) {
  const { t, pick, formatDateTime } = useI18n();
  const { me } = useSession();
  const page = useLoad(() => api.get<VaultItemPage>(`/api/vault/items/${encodeURIComponent(id)}`), id);
  if (page.error instanceof ApiError && page.error.status === 404) return <NotFound />;
  if (page.error) return <ErrorMessage error={page.error} />;
  if (!page.data) return <p>{t('loading')}</p>;
  const { item, sources, incidents } = page.data;
  return (
    <article>
      <Heading title={item.id}>
        <code>{item.id}</code>
      </Heading>
      <dl className="details">
        <dt>{t('mediaType')}</dt>
        <dd>{item.mediaType}</dd>
        <dt>{t('size')}</dt>
        <dd>
          {formatBytes(item.size)} ({item.size} B)
        </dd>
        <dt>SHA-256</dt>
        <dd>
          <code className="wrap">{item.sha256}</code>
        </dd>
        <dt>{t('createdAt')}</dt>
        <dd>{formatDateTime(item.createdAt)}</dd>
        <dt>{t('verified')}</dt>
        <dd>{item.verifiedAt ? `${item.verification ?? ''} (${t('verifiedOn', { date: formatDateTime(item.verifiedAt) })})` : t('notVerified')}</dd>
      </dl>
      <ItemRestriction page={page.data} onChanged={page.reload} />
      {canIntake(me.user.role) && <SourceSaid itemId={item.id} />}
      {/* A video gets its review copy, keyframes, near duplicates and a link to an incident; the download stays below. */}
      {item.mediaType.startsWith('video/') && <ClipSection itemId={item.id} onLinked={page.reload} />}
      <section aria-labelledby="content-heading">
        <h2 id="content-heading">{t('content')}</h2>
        {isPlayable(item.mediaType) && !item.mediaType.startsWith('video/') && (
          <video controls preload="metadata" src={contentUrl(item.id)} aria-label={t('player')} />
        )}
        {item.mediaType.startsWith('image/') && <img src={contentUrl(item.id)} alt={item.id} />}
        <p>
          <a href={contentUrl(item.id)} download>
            {t('download')}
          </a>
        </p>
      </section>
      <section aria-labelledby="sources-heading">
        <h2 id="sources-heading">{t('sources')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('location')}</th>
              <th scope="col">{t('archiveFormat')}</th>
              <th scope="col">{t('size')}</th>
              <th scope="col">{t('modified')}</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((s, i) => (
              <tr key={i}>
                <td>
                  <code className="wrap">{s.location}</code>
                </td>
                <td>{s.archiveFormat ?? t('none')}</td>
                <td>{formatBytes(s.size)}</td>
                <td>{formatDateTime(s.mtime)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="linked-heading">
        <h2 id="linked-heading">{t('linkedIncidents')}</h2>
        {incidents.length === 0 ? (
          <p>{t('noLinkedIncidents')}</p>
        ) : (
          <ul>
            {incidents.map((i) => (
              <li key={i.id}>
                <Link to={`incidents/${i.id}`}>{pick(i.titleRu, i.titleEn)}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
