import { useState } from 'preact/hooks';
import { ApiError } from '../api.ts';
import { t } from '../i18n.ts';
import { location, navigate } from '../router.ts';
import { changePassword, signIn, user } from '../session.ts';
import { useSignal } from '../signal.ts';

export function Login() {
  const me = useSignal(user);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const target = () => {
    const wanted = location.value.params.get('next');
    return wanted?.startsWith('/') && !wanted.startsWith('//')
      ? wanted
      : location.value.path === '/login'
        ? '/'
        : location.value.path + window.location.search;
  };

  const run = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  };

  if (me?.must_change_password) {
    return (
      <section class="narrow">
        <h1>{t('changePassword')}</h1>
        <p>{t('mustChange')}</p>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void run(async () => {
              await changePassword(password, next);
              navigate(target());
            });
          }}
        >
          <label>
            {t('password')}
            <input
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onInput={(e) => setPassword(e.currentTarget.value)}
            />
          </label>
          <label>
            {t('newPassword')}
            <input
              type="password"
              autoComplete="new-password"
              required
              minLength={12}
              value={next}
              onInput={(e) => setNext(e.currentTarget.value)}
            />
          </label>
          {error && (
            <p role="alert" class="error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('changePassword')}
          </button>
        </form>
      </section>
    );
  }

  return (
    <section class="narrow">
      <h1>{t('signIn')}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const signedIn = await signIn(username.trim(), password, totp || undefined);
            setPassword('');
            if (!signedIn.must_change_password) navigate(target());
          });
        }}
      >
        <label>
          {t('username')}
          <input
            name="username"
            autoComplete="username"
            required
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label>
          {t('totp')}
          <input
            name="totp"
            inputMode="numeric"
            pattern="[0-9]{6}"
            autoComplete="one-time-code"
            value={totp}
            onInput={(e) => setTotp(e.currentTarget.value)}
          />
        </label>
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {t('signIn')}
        </button>
      </form>
    </section>
  );
}
