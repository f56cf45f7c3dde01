import { useState } from 'react';
import { api } from '../../api/client.js';
import type { PublicUser as User, Role } from '../../../../../src/accounts/index.js';
import { useSession } from '../../app/session.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { errorFor, SelectField, TextField } from '../../components/fields.js';
import { Heading } from '../../components/Heading.js';
import { useStatus } from '../../components/Status.js';
import { useLoad } from '../../components/useLoad.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';
import { VOCAB } from '../../i18n/terms.js';

export function UsersPage() {
  const { t, term } = useI18n();
  const { me } = useSession();
  const { announce } = useStatus();
  const users = useLoad(() => api.get<User[]>('/api/users'), 'users');
  const [actionError, setActionError] = useState<unknown>(null);
  const patch = async (user: User, change: Partial<{ role: Role; disabled: boolean; resetSecondFactor: boolean }>) => {
    setActionError(null);
    try {
      await api.patch(`/api/users/${user.id}`, change);
      announce(t('saved'));
      users.reload();
    } catch (e) {
      setActionError(e);
    }
  };
  return (
    <>
      <Heading title={t('usersTitle')}>{t('usersTitle')}</Heading>
      <ErrorMessage error={users.error ?? actionError} />
      {users.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('username')}</th>
              <th scope="col">{t('displayName')}</th>
              <th scope="col">{t('role')}</th>
              <th scope="col">{t('twoFactor')}</th>
              <th scope="col">{t('disabled')}</th>
              <th scope="col">{t('actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>
                  <SelectField label={t('roleFor', { name: u.username })} value={u.role} onChange={(role) => void patch(u, { role: role as Role })}>
                    {VOCAB.role.map((r) => (
                      <option key={r} value={r} disabled={u.id === me.user.id && r !== 'admin'}>
                        {term('role', r)}
                      </option>
                    ))}
                  </SelectField>
                </td>
                <td>{u.secondFactor ? t('yes') : t('no')}</td>
                <td>{u.disabled ? t('yes') : t('no')}</td>
                <td>
                  {u.id !== me.user.id && (
                    <button type="button" onClick={() => void patch(u, { disabled: !u.disabled })}>
                      {u.disabled ? t('enable') : t('disable')} {u.username}
                    </button>
                  )}{' '}
                  <button type="button" onClick={() => void patch(u, { resetSecondFactor: true })}>
                    {t('reset2fa')} {u.username}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <NewUserForm onDone={users.reload} />
    </>
  );
}

function NewUserForm({ onDone }: { onDone: () => void }) {
  const { t, term } = useI18n();
  const { announce } = useStatus();
  const empty = { username: '', displayName: '', role: 'viewer', password: '' };
  const [data, setData] = useState(empty);
  const set = (key: keyof typeof empty) => (value: string) => setData((d) => ({ ...d, [key]: value }));
  const submit = useSubmit(async () => {
    await api.post('/api/users', data);
    setData(empty);
    announce(t('created'));
    onDone();
  });
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby="new-user-heading" noValidate>
      <h2 id="new-user-heading">{t('newUser')}</h2>
      <TextField label={t('username')} value={data.username} onChange={set('username')} error={errorFor(submit.error, 'username')} autoComplete="off" />
      <TextField label={t('displayName')} value={data.displayName} onChange={set('displayName')} error={errorFor(submit.error, 'displayName')} />
      <SelectField label={t('role')} value={data.role} onChange={set('role')} error={errorFor(submit.error, 'role')}>
        {VOCAB.role.map((r) => (
          <option key={r} value={r}>
            {term('role', r)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t('password')}
        type="password"
        autoComplete="new-password"
        value={data.password}
        onChange={set('password')}
        error={errorFor(submit.error, 'password')}
      />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('createUser')}
      </button>
    </form>
  );
}
