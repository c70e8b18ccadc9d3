import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './api';
import { t } from './i18n';

/** Loads data from the API; `reload` after an action. Errors are shown, never swallowed. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [n, setN] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    run().then(
      (d) => live && (setData(d), setError(null)),
      (e) => live && setError(e instanceof ApiError ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [run, n]);
  return { data, error, reload: () => setN((x) => x + 1) };
}

/** Runs an action against the API, then reloads; the message is "saved" or the API's reason for refusing. */
export function useAction(reload: () => void): { message: string | null; act: (fn: () => Promise<unknown>) => Promise<void> } {
  const [message, setMessage] = useState<string | null>(null);
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      setMessage(t('saved'));
      reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.message : String(err));
    }
  };
  return { message, act };
}
