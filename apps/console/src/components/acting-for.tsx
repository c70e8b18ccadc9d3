// Ủy quyền in the header: a deputy chooses whom they act for ("Bản thân tôi" or a delegator whose delegation holds
// today); while acting for someone a banner says so on every page, and the API client sends X-On-Behalf-Of.
import { useEffect, useState } from 'react';
import { type DelegationListResponse, type DelegationView, delegatorsToActFor } from '@khflow/contracts';
import { acting, ACTING_EVENT, api, type ActingFor, session } from '../api';
import { vnToday } from '../dates';
import { describeError } from '../errors';
import { currentLang, t, viDate } from '../i18n';
import { errorText } from '../use-load';

/** Starts acting for the delegator of `d` (the API's /me then answers with their unit and roles), or for oneself. */
export async function actFor(d: DelegationView | null): Promise<void> {
  if (!d) return acting.set(null);
  const next: ActingFor = { userId: d.delegatorUserId, username: d.delegatorUsername, displayName: d.delegatorName, validTo: d.validTo, me: null };
  acting.set(next);
  try {
    acting.set({ ...next, me: await api.get('/me') });
  } catch (err) {
    acting.set(null);
    throw err;
  }
}

/** Re-renders when the deputy starts or stops acting for someone (here or in another component). */
export function useActing(): ActingFor | null {
  const [, setN] = useState(0);
  useEffect(() => {
    const on = () => setN((n) => n + 1);
    addEventListener(ACTING_EVENT, on);
    return () => removeEventListener(ACTING_EVENT, on);
  }, []);
  return acting.get();
}

/** The selector: shown only to someone who may act for another person today, or who is acting for someone. */
export function ActingForSelect({ today = vnToday() }: { today?: string }) {
  const current = useActing();
  const self = session.self();
  const [items, setItems] = useState<DelegationView[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    api.get<DelegationListResponse>('/delegations').then(
      (r) => live && setItems(r.items),
      () => undefined, // the selector is a convenience: the delegations page shows a refusal
    );
    return () => {
      live = false;
    };
  }, [current?.userId]);
  const choices = self ? delegatorsToActFor(items, self.id, today) : [];
  if (!choices.length && !current) return null;
  return (
    <label className="acting-for">
      {t('actingFor')}
      <select
        value={current?.userId ?? ''}
        onChange={(e) => {
          setError(null);
          actFor(choices.find((d) => d.delegatorUserId === e.target.value) ?? null).then(
            () => (location.hash = '#/inbox'),
            (err) => setError(errorText(describeError(err, currentLang()))),
          );
        }}
      >
        <option value="">
          {t('myself')}
          {self ? ` (${self.displayName})` : ''}
        </option>
        {current && !choices.some((d) => d.delegatorUserId === current.userId) ? <option value={current.userId}>{`${t('onBehalfOf')} ${current.displayName}`}</option> : null}
        {choices.map((d) => (
          <option key={d.delegatorUserId} value={d.delegatorUserId}>
            {`${t('onBehalfOf')} ${d.delegatorName}`}
          </option>
        ))}
      </select>
      {error ? (
        <span role="alert" className="acting-error">
          {error}
        </span>
      ) : null}
    </label>
  );
}

/**
 * On every page while acting for someone: whose work this is, until when, and that it is audited so; once the API
 * refuses the delegation (ended or revoked meanwhile), that one is working as oneself again.
 */
export function ActingBanner() {
  const current = useActing();
  const ended = acting.ended();
  if (!current && ended)
    return (
      <div className="acting-banner" role="alert" data-testid="acting-ended">
        {t('actingEnded')} <strong>{ended}</strong> {t('actingEndedNow')}{' '}
        <button type="button" className="link" onClick={() => acting.set(null)}>
          {t('understood')}
        </button>
      </div>
    );
  if (!current) return null;
  return (
    <div className="acting-banner" role="status" data-testid="acting-banner">
      {t('actingBanner')} <strong>{current.displayName}</strong> ({t('until')} {viDate(current.validTo)}) — {t('actingBannerAudit')}.{' '}
      <button type="button" className="link" onClick={() => void actFor(null).then(() => (location.hash = '#/inbox'))}>
        {t('stopActing')}
      </button>
    </div>
  );
}
