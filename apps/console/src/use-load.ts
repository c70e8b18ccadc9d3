import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { currentLang, t } from './i18n';
import { describeError, markInvalidFields, type ShownError } from './errors';

/** Loads data from the API; `reload` after an action. Errors are kept (shown by <ErrorView>), never swallowed. */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: unknown; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [n, setN] = useState(0);
  const run = useCallback(load, deps);
  useEffect(() => {
    let live = true;
    run().then(
      (d) => live && (setData(d), setError(null)),
      (e) => live && setError(e ?? new Error('error')),
    );
    return () => {
      live = false;
    };
  }, [run, n]);
  return { data, error, reload: () => setN((x) => x + 1) };
}

export type Notice = { kind: 'saved' } | { kind: 'error'; shown: ShownError; id: string } | null;

/**
 * Runs an action against the API, then reloads. The notice is "saved", or the API's refusal in the reader's
 * language naming each field; the form's controls that the refusal names are marked invalid and focused.
 */
export function useAction(reload: () => void): { notice: Notice; act: (fn: () => Promise<unknown>, form?: HTMLFormElement | null) => Promise<boolean> } {
  const [notice, setNotice] = useState<Notice>(null);
  const id = useId();
  const act = async (fn: () => Promise<unknown>, form?: HTMLFormElement | null) => {
    try {
      await fn();
      setNotice({ kind: 'saved' });
      if (form) for (const el of Array.from(form.querySelectorAll('[aria-invalid="true"]'))) el.removeAttribute('aria-invalid');
      reload();
      return true;
    } catch (err) {
      const shown = describeError(err, currentLang());
      setNotice({ kind: 'error', shown, id });
      markInvalidFields(form, shown, id);
      return false;
    }
  };
  return { notice, act };
}

/** A submit handler: the form's fields become one action; the form is cleared when it succeeds. */
export function formAction(act: (fn: () => Promise<unknown>, form?: HTMLFormElement | null) => Promise<boolean>, send: (f: FormData) => Promise<unknown>, reset = true) {
  return async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const el = e.currentTarget;
    const ok = await act(() => send(new FormData(el)), el);
    if (ok && reset) el.reset();
  };
}

export const savedText = () => t('saved');
