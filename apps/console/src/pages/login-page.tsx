import { type FormEvent, useState } from 'react';
import type { LoginResponse } from '@khflow/contracts';
import { api, ApiError, session } from '../api';
import { t } from '../i18n';

export function LoginPage() {
  const [error, setError] = useState<string | null>(null);
  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      const r = await api.post<LoginResponse>('/auth/login', { username: f.get('username'), password: f.get('password') });
      session.set(r.accessToken, r.user);
      location.hash = '#/inbox';
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  }
  return (
    <main className="login">
      <h1>khflow</h1>
      <p>{t('appName')}</p>
      <form onSubmit={onSubmit}>
        <label>
          {t('username')}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t('password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? <p role="alert" className="error">{error}</p> : null}
        <button type="submit">{t('login')}</button>
      </form>
    </main>
  );
}
