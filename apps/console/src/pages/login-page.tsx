import { type FormEvent, useState } from 'react';
import type { LoginResponse } from '@khflow/contracts';
import { api, session } from '../api';
import { ShownErrorView } from '../components/feedback';
import { describeError, type ShownError } from '../errors';
import { currentLang, t } from '../i18n';

export function LoginPage() {
  const [error, setError] = useState<ShownError | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      const r = await api.post<LoginResponse>('/auth/login', { username: f.get('username'), password: f.get('password') });
      session.set(r.accessToken, r.user);
      location.hash = '#/inbox';
    } catch (err) {
      setError(describeError(err, currentLang()));
    }
  }
  return (
    <main className="login">
      <h1>khflow</h1>
      <p>{t('appName')}</p>
      <form onSubmit={onSubmit} aria-label={t('login')}>
        <label>
          {t('username')}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? <ShownErrorView shown={error} /> : null}
        <button type="submit">{t('login')}</button>
      </form>
    </main>
  );
}
