import { type FormEvent, useCallback, useEffect, useId, useState } from 'react';
import { currentLang, t } from './i18n';
import { describeError, markInvalidFields, type ScreenLabels, type ShownError } from './errors';

/**
 * Loads data from the API; `reload` after an action. Errors are never swallowed: `error` is the refusal as one
 * sentence in the reader's language, `problem` the error itself for <ErrorView problem={…}> (fields listed).
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): { data: T | null; error: string | null; problem: unknown; reload: () => void } {
  const [data, setData] = useState<T | null>(null);
  const [problem, setError] = useState<unknown>(null);
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
  const error = problem ? errorText(describeError(problem, currentLang())) : null;
  return { data, error, problem, reload: () => setN((x) => x + 1) };
}

/** A shown error as one line: "Dữ liệu chưa hợp lệ — Lý do: không được để trống". */
export function errorText(shown: ShownError): string {
  const parts = [...shown.fields.map((f) => `${f.label}: ${f.message}`), ...(shown.detail ? [shown.detail] : [])];
  return parts.length ? `${shown.summary} — ${parts.join('; ')}` : shown.summary;
}

export type Notice = { kind: 'saved' } | { kind: 'error'; shown: ShownError; id: string } | null;

/**
 * Runs an action against the API, then reloads. The notice is "saved", or the API's refusal in the reader's
 * language naming each field; the form's controls that the refusal names are marked invalid and focused.
 */
export function useAction(reload: () => void, labels?: ScreenLabels): { notice: Notice; message: string | null; act: (fn: () => Promise<unknown>, form?: HTMLFormElement | null) => Promise<boolean> } {
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
      const shown = describeError(err, currentLang(), labels);
      setNotice({ kind: 'error', shown, id });
      markInvalidFields(form, shown, id);
      return false;
    }
  };
  const message = !notice ? null : notice.kind === 'saved' ? t('saved') : errorText(notice.shown);
  return { notice, message, act };
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
