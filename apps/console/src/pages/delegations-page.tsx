// Ủy quyền: the signed-in person's delegations, given and received; naming a deputy for a period (a person chosen
// by name, from/to dates, a reason); revoking one given; acting for a delegator whose delegation holds today.
import { useEffect, useRef, useState } from 'react';
import { type DelegationListResponse, type DelegationView, type DeputyCandidateView, delegationState } from '@khflow/contracts';
import { api, session } from '../api';
import { actFor, useActing } from '../components/acting-for';
import { DataTable } from '../components/data-table';
import { DateInput } from '../components/date-input';
import { ErrorView, Loading, NoticeView } from '../components/feedback';
import { vnToday } from '../dates';
import { DELEGATION_STATE, label, t, viDate } from '../i18n';
import { formAction, useAction, useLoad } from '../use-load';

/** Labels of the form's fields, for a refusal that names them. */
const labels = () => ({ deputyUserId: t('deputy'), validFrom: t('validFrom'), validTo: t('validTo'), reason: t('reason') });

/** One person chosen by typing part of their name (without text: the people of one's unit); the form gets their id. */
export function DeputyPicker({ name }: { name: string }) {
  const [q, setQ] = useState('');
  const [chosen, setChosen] = useState<DeputyCandidateView | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const needle = q.trim();
  const { data } = useLoad(() => (chosen ? Promise.resolve(null) : api.get<{ items: DeputyCandidateView[] }>(`/delegations/candidates?limit=10${needle ? `&q=${encodeURIComponent(needle)}` : ''}`)), [needle, chosen]);
  useEffect(() => {
    input.current?.setCustomValidity(chosen ? '' : t('noPersonChosen'));
  }, [chosen]);
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const onReset = () => (setChosen(null), setQ(''));
    form.addEventListener('reset', onReset);
    return () => form.removeEventListener('reset', onReset);
  }, []);
  return (
    <fieldset className="units-picker">
      <legend>{t('deputy')}</legend>
      {chosen ? (
        <p data-testid="chosen-deputy">
          {t('chosen')}: <strong>{chosen.displayName}</strong> — {chosen.unitName}{' '}
          <button type="button" className="link" onClick={() => (setChosen(null), setTimeout(() => input.current?.focus()))}>
            {t('changePerson')}
          </button>
        </p>
      ) : null}
      <label hidden={!!chosen}>
        {t('typePersonName')}
        <input ref={input} type="search" data-field={name} value={q} onChange={(e) => setQ(e.target.value)} autoComplete="off" />
      </label>
      {!chosen && data?.items.length ? (
        <ul className="suggestions" aria-label={needle ? t('peopleFound') : t('colleagues')}>
          {data.items.map((u) => (
            <li key={u.id}>
              <button type="button" className="link" onClick={() => setChosen(u)}>
                {t('choose')}: {u.displayName} — {u.unitName}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <input type="hidden" name={name} value={chosen?.id ?? ''} />
    </fieldset>
  );
}

export function DelegationsPage({ today = vnToday() }: { today?: string }) {
  const self = session.self();
  const current = useActing();
  const { data, problem, reload } = useLoad(() => api.get<DelegationListResponse>('/delegations'), []);
  const { notice, act } = useAction(reload, labels());
  const revoke = useAction(reload);
  const [actError, setActError] = useState<unknown>(null);
  const [formKey, setFormKey] = useState(0); // a fresh form after each delegation (from today again)
  if (problem && !data) return <ErrorView problem={problem} />;
  if (!data || !self) return <Loading />;
  const given = data.items.filter((d) => d.delegatorUserId === self.id);
  const received = data.items.filter((d) => d.deputyUserId === self.id);
  const stateOf = (d: DelegationView) => delegationState(d, today);
  const period = { key: 'period', label: t('period'), sort: (d: DelegationView) => d.validFrom, render: (d: DelegationView) => `${viDate(d.validFrom)} – ${viDate(d.validTo)}` };
  const reason = { key: 'reason', label: t('reason'), render: (d: DelegationView) => d.reason };
  const state = { key: 'state', label: t('state'), sort: (d: DelegationView) => stateOf(d), render: (d: DelegationView) => <span className={`delegation-${stateOf(d)}`}>{label(DELEGATION_STATE, stateOf(d))}</span> };
  return (
    <article>
      <h1>{t('delegations')}</h1>
      <p className="muted">{t('delegationsIntro')}</p>
      <form
        key={formKey}
        aria-label={t('newDelegation')}
        onSubmit={formAction(
          act,
          async (f) => {
            await api.post('/delegations', { deputyUserId: f.get('deputyUserId'), validFrom: f.get('validFrom'), validTo: f.get('validTo'), reason: f.get('reason') });
            setFormKey((k) => k + 1);
          },
          false,
        )}
      >
        <h2>{t('newDelegation')}</h2>
        <DeputyPicker name="deputyUserId" />
        <DateInput label={t('validFrom')} name="validFrom" value={today} required />
        <DateInput label={t('validTo')} name="validTo" required />
        <label>
          {t('reason')} <input name="reason" required maxLength={2000} />
        </label>
        <button type="submit">{t('delegate')}</button>
        <NoticeView notice={notice} />
      </form>
      <DataTable
        caption={`${t('delegationsGiven')} (${given.length})`}
        testId="delegations-given"
        rows={given}
        rowKey={(d) => d.id}
        columns={[
          { key: 'deputy', label: t('deputy'), sort: (d) => d.deputyName, render: (d) => d.deputyName },
          period,
          reason,
          state,
          {
            key: 'actions',
            label: '',
            render: (d) =>
              stateOf(d) === 'active' || stateOf(d) === 'upcoming' ? (
                <button type="button" className="secondary" aria-label={`${t('revokeOf')} ${d.deputyName}`} onClick={() => void revoke.act(() => api.post(`/delegations/${d.id}/revoke`))}>
                  {t('revoke')}
                </button>
              ) : null,
          },
        ]}
      />
      <NoticeView notice={revoke.notice} />
      <DataTable
        caption={`${t('delegationsReceived')} (${received.length})`}
        testId="delegations-received"
        rows={received}
        rowKey={(d) => d.id}
        columns={[
          { key: 'delegator', label: t('delegator'), sort: (d) => d.delegatorName, render: (d) => d.delegatorName },
          period,
          reason,
          state,
          {
            key: 'actions',
            label: '',
            render: (d) =>
              stateOf(d) === 'active' && current?.userId !== d.delegatorUserId ? (
                <button type="button" aria-label={`${t('actFor')} ${d.delegatorName}`} onClick={() => void actFor(d).then(() => (location.hash = '#/inbox'), setActError)}>
                  {t('actFor')}
                </button>
              ) : null,
          },
        ]}
      />
      {actError ? <ErrorView problem={actError} /> : null}
    </article>
  );
}
