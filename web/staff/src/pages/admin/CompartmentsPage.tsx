import { useState } from 'react';
import { api } from '../../api/client.js';
import type { Compartment, PublicUser as User } from '../../../../../src/accounts/index.js';
import { ErrorMessage } from '../../components/ErrorMessage.js';
import { CheckboxList, errorFor, TextField } from '../../components/fields.js';
import { Heading } from '../../components/Heading.js';
import { useStatus } from '../../components/Status.js';
import { useLoad } from '../../components/useLoad.js';
import { useSubmit } from '../../components/useSubmit.js';
import { useI18n } from '../../i18n/i18n.js';

export function CompartmentsPage() {
  const { t } = useI18n();
  const compartments = useLoad(() => api.get<Compartment[]>('/api/compartments'), 'compartments');
  const users = useLoad(() => api.get<User[]>('/api/users'), 'users');
  const options = (users.data ?? []).map((u) => ({ value: u.id, label: `${u.displayName || u.username} (${u.username})` }));
  return (
    <>
      <Heading title={t('compartmentsTitle')}>{t('compartmentsTitle')}</Heading>
      <ErrorMessage error={compartments.error ?? users.error} />
      {compartments.data?.map((c) => (
        <MembersForm key={`${c.id}:${c.members.join(',')}`} compartment={c} options={options} onDone={compartments.reload} />
      ))}
      <NewCompartmentForm options={options} onDone={compartments.reload} />
    </>
  );
}

function MembersForm({ compartment, options, onDone }: { compartment: Compartment; options: Array<{ value: string; label: string }>; onDone: () => void }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [members, setMembers] = useState(compartment.members);
  const submit = useSubmit(async () => {
    await api.put(`/api/compartments/${compartment.id}/members`, { members });
    announce(t('saved'));
    onDone();
  });
  const headingId = `cmp-${compartment.id}`;
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby={headingId}>
      <h2 id={headingId}>{compartment.name}</h2>
      {compartment.description && <p>{compartment.description}</p>}
      <CheckboxList
        legend={`${t('members')}: ${compartment.name}`}
        options={options}
        selected={members}
        onChange={setMembers}
        error={errorFor(submit.error, 'members')}
      />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('saveMembers')}: {compartment.name}
      </button>
    </form>
  );
}

function NewCompartmentForm({ options, onDone }: { options: Array<{ value: string; label: string }>; onDone: () => void }) {
  const { t } = useI18n();
  const { announce } = useStatus();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const submit = useSubmit(async () => {
    await api.post('/api/compartments', { name, description, members });
    setName('');
    setDescription('');
    setMembers([]);
    announce(t('created'));
    onDone();
  });
  return (
    <form onSubmit={submit.onSubmit} className="record-form" aria-labelledby="new-compartment-heading" noValidate>
      <h2 id="new-compartment-heading">{t('newCompartment')}</h2>
      <TextField label={t('name')} value={name} onChange={setName} error={errorFor(submit.error, 'name')} />
      <TextField label={t('description')} multiline value={description} onChange={setDescription} error={errorFor(submit.error, 'description')} />
      <CheckboxList legend={t('members')} options={options} selected={members} onChange={setMembers} error={errorFor(submit.error, 'members')} />
      <ErrorMessage error={submit.error} />
      <button type="submit" disabled={submit.busy}>
        {t('createCompartment')}
      </button>
    </form>
  );
}
