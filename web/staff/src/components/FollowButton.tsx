import { useEffect, useState } from 'react';
import { homeApi } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';

/** Follow an incident: its changes by colleagues then show on the home page. A toggle button (aria-pressed). */
export function FollowButton({ incidentId }: { incidentId: string }) {
  const { t } = useI18n();
  const [following, setFollowing] = useState<boolean | null>(null);
  useEffect(() => {
    let live = true;
    homeApi.following(incidentId).then(
      (state) => live && setFollowing(state.following),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [incidentId]);
  if (following === null) return null;
  return (
    <button
      type="button"
      aria-pressed={following}
      title={t('followHint')}
      onClick={() =>
        void homeApi.follow(incidentId, !following).then(
          (state) => setFollowing(state.following),
          () => undefined,
        )
      }
    >
      {t('follow')}
    </button>
  );
}
