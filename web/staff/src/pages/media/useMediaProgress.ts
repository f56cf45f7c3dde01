import { useEffect, useState } from 'react';
import type { MediaProgress } from '../../../../../src/media/index.js';
import { mediaApi } from '../../api/media.js';

const POLL_MS = 3000;

/** Analysis progress, asked again every few seconds while items wait; `onSettled` runs when the last one is done. */
export function useMediaProgress(onSettled: () => void): { progress: MediaProgress | undefined; error: unknown } {
  const [progress, setProgress] = useState<MediaProgress>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let waiting = false;
    const ask = () =>
      mediaApi.progress().then(
        (next) => {
          if (!live) return;
          setProgress(next);
          setError(undefined);
          if (waiting && next.pending === 0) onSettled();
          waiting = next.pending > 0;
          if (waiting) timer = setTimeout(ask, POLL_MS);
        },
        (failure: unknown) => live && setError(failure),
      );
    void ask();
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { progress, error };
}
