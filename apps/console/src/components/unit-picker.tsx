import { useEffect, useRef, useState } from 'react';
import type { Page, UnitView } from '@khflow/contracts';
import { api } from '../api';
import { t } from '../i18n';
import { rememberUnits, useUnitNames } from '../unit-names';
import { useLoad } from '../use-load';

/** Directory units whose name, alias or id contains the text (two characters at least); any directory size. */
export function useUnitSearch(q: string, limit = 10): UnitView[] {
  const needle = q.trim();
  const { data } = useLoad(
    () =>
      needle.length >= 2
        ? api.get<Page<UnitView>>(`/units?q=${encodeURIComponent(needle)}&limit=${limit}`).then((p) => (rememberUnits(p.items), p))
        : Promise.resolve(null),
    [needle, limit],
  );
  return data?.items ?? [];
}

/** What a form passes to mark a picker its refusal names (aria-invalid, described by the message beside it). */
export interface PickerMarks {
  /** The request field it fills, for the form's error placement (data-path). */
  path?: string;
  invalid?: boolean;
  describedBy?: string;
}

/** One unit chosen by typing part of its name or id (the draft editor's lead unit). */
export function UnitPicker({ label: text, value, onChange, placeholder, path, invalid, describedBy }: { label: string; value: string; onChange: (unitId: string) => void; placeholder?: string } & PickerMarks) {
  const [q, setQ] = useState('');
  const found = useUnitSearch(q, 20);
  const name = useUnitNames();
  const listId = `units-${text.replace(/\W+/g, '-')}`;
  return (
    <>
      <input
        aria-label={text}
        list={listId}
        data-path={path}
        aria-invalid={invalid || undefined}
        aria-describedby={describedBy}
        value={value}
        placeholder={placeholder ?? t('chooseLead')}
        onChange={(e) => {
          setQ(e.target.value);
          onChange(e.target.value.trim());
        }}
      />
      <datalist id={listId}>
        {found.map((u) => (
          <option key={u.id} value={u.id}>
            {u.name}
          </option>
        ))}
      </datalist>
      {value && name(value) !== value ? <small className="chosen-name"> → {name(value)}</small> : null}
    </>
  );
}

/**
 * Several units chosen by name: type part of a name, press "Thêm" beside the right unit; each chosen unit can be
 * taken out again. The form receives the ids, comma-separated, under `name`.
 */
export function UnitsPicker({ label, name, required }: { label: string; name: string; required?: boolean }) {
  const [chosen, setChosen] = useState<UnitView[]>([]);
  const [q, setQ] = useState('');
  const found = useUnitSearch(q, 8).filter((u) => !chosen.some((c) => c.id === u.id));
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.setCustomValidity(required && chosen.length === 0 ? t('chooseUnits') : '');
  }, [chosen, required]);
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const onReset = () => (setChosen([]), setQ(''));
    form.addEventListener('reset', onReset);
    return () => form.removeEventListener('reset', onReset);
  }, []);
  return (
    <fieldset className="units-picker">
      <legend>{label}</legend>
      <ul className="chips" aria-label={`${label}: ${t('chosenUnits')}`}>
        {chosen.length === 0 ? <li className="muted">{t('noUnitChosen')}</li> : null}
        {chosen.map((u) => (
          <li key={u.id}>
            {u.name}{' '}
            <button type="button" className="chip-remove" aria-label={`${t('removeUnit')} ${u.name}`} onClick={() => setChosen(chosen.filter((c) => c.id !== u.id))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <label>
        {t('typeUnitName')}
        <input ref={input} type="search" data-field={name} value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      </label>
      {found.length ? (
        <ul className="suggestions" aria-label={`${label}: ${t('unitsFound')}`}>
          {found.map((u) => (
            <li key={u.id}>
              <button
                type="button"
                className="link"
                onClick={() => {
                  setChosen([...chosen, u]);
                  setQ('');
                  input.current?.focus();
                }}
              >
                {t('addUnit')}: {u.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input type="hidden" name={name} value={chosen.map((u) => u.id).join(',')} />
    </fieldset>
  );
}

/**
 * Several units as a controlled list of ids (a reorganisation's merged units, successors, the units a part of a
 * split takes): chips by name, each removable, more added by typing part of a name or id and pressing "Thêm"
 * beside the right unit. Labels carry `label`, so several pickers can sit on one page.
 */
export function UnitIdsPicker({ label, value, onChange, path, invalid, describedBy }: { label: string; value: string[]; onChange: (ids: string[]) => void } & PickerMarks) {
  const [q, setQ] = useState('');
  const found = useUnitSearch(q, 8).filter((u) => !value.includes(u.id));
  const name = useUnitNames();
  const input = useRef<HTMLInputElement>(null);
  const add = (id: string) => {
    onChange([...value, id]);
    setQ('');
    input.current?.focus();
  };
  return (
    <fieldset className="units-picker" data-path={path} aria-invalid={invalid || undefined} aria-describedby={describedBy}>
      <legend>{label}</legend>
      <ul className="chips" aria-label={`${label}: ${t('chosenUnits')}`}>
        {value.length === 0 ? <li className="muted">{t('noUnitChosen')}</li> : null}
        {value.map((id) => (
          <li key={id}>
            {name(id)}{' '}
            <button type="button" className="chip-remove" aria-label={`${t('removeUnit')} ${name(id)} (${label})`} onClick={() => onChange(value.filter((x) => x !== id))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <label>
        {t('typeUnitName')} ({label})
        <input
          ref={input}
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          autoComplete="off"
          onKeyDown={(e) => {
            // Enter picks the unit typed (its id, or the only one found) instead of submitting the whole form.
            if (e.key !== 'Enter') return;
            e.preventDefault();
            const typed = q.trim();
            const hit = found.find((u) => u.id === typed) ?? (found.length === 1 ? found[0] : undefined);
            if (hit) add(hit.id);
          }}
        />
      </label>
      {found.length ? (
        <ul className="suggestions" aria-label={`${label}: ${t('unitsFound')}`}>
          {found.map((u) => (
            <li key={u.id}>
              <button type="button" className="link" onClick={() => add(u.id)}>
                {t('addUnit')}: {u.name}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}
