import { useEffect, useId, useRef, useState } from 'react';
import { maskViDate, parseViDate, viDate } from '../dates';
import { t } from '../i18n';

/**
 * A date typed as dd/mm/yyyy whatever the browser's locale (the native date input follows the locale and shows
 * mm/dd/yyyy on many machines). Digits get their slashes as they are typed; a form receives YYYY-MM-DD under
 * `name` (a hidden field); a text that is not a real date blocks the form and says so.
 */
export function DateInput({
  label,
  name,
  value,
  onChange,
  required,
  visibleLabel = true,
}: {
  label: string;
  name?: string;
  /** Initial value, YYYY-MM-DD. */
  value?: string | null;
  onChange?: (iso: string) => void;
  required?: boolean;
  visibleLabel?: boolean;
}) {
  const [text, setText] = useState(value ? viDate(value) : '');
  const [bad, setBad] = useState(false);
  const ref = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const errId = useId();
  const iso = parseViDate(text);
  useEffect(() => {
    const form = ref.current?.form;
    if (!form) return;
    const onReset = () => (setText(''), setBad(false), ref.current?.setCustomValidity(''));
    form.addEventListener('reset', onReset);
    return () => form.removeEventListener('reset', onReset);
  }, []);
  const input = (
    <input
      ref={ref}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="dd/mm/yyyy"
      maxLength={10}
      className="date-input"
      data-field={name}
      aria-label={visibleLabel ? undefined : `${label} (dd/mm/yyyy)`}
      aria-invalid={bad || undefined}
      aria-describedby={bad ? errId : hintId}
      required={required}
      value={text}
      onChange={(e) => {
        const masked = maskViDate(e.target.value);
        const parsed = parseViDate(masked);
        setText(masked);
        if (parsed) setBad(false);
        e.target.setCustomValidity(masked && !parsed ? t('badDate') : '');
        onChange?.(parsed ?? '');
      }}
      onBlur={() => setBad(Boolean(text) && !iso)}
    />
  );
  return (
    <>
      {visibleLabel ? (
        <label>
          <span>
            {label} <span className="muted">(dd/mm/yyyy)</span>
          </span>
          {input}
        </label>
      ) : (
        input
      )}
      <span id={hintId} hidden>
        {t('dateHint')}
      </span>
      {name ? <input type="hidden" name={name} value={iso ?? ''} /> : null}
      {bad ? (
        <span id={errId} className="error field-error">
          {t('badDate')}
        </span>
      ) : null}
    </>
  );
}
