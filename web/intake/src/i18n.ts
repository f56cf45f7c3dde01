import type { Lang } from './config.js';

const en = {
  derivingKeys: 'Deriving keys from your codename…',
  deriveFailed: 'Could not derive keys in this browser. Continuing without encrypted resume.',
  codenameLabel: 'Your codename (seven words)',
  codenameHint: 'Needed to encrypt your files in this browser. It is not sent anywhere by this step.',
  codenameContinue: 'Continue',
  codenameEmpty: 'Type your codename first.',
  chooseFiles: 'Choose files',
  chooseFolder: 'Choose a folder',
  noJsLink: 'Upload without JavaScript',
  total: 'All files',
  pause: 'Pause',
  resume: 'Resume',
  retry: 'Try again',
  queued: 'Waiting',
  preparing: 'Preparing encryption…',
  uploading: 'Encrypting and uploading',
  paused: 'Paused',
  finishing: 'Checking the file and sending its description…',
  complete: 'Uploaded',
  skipped: 'Already uploaded earlier',
  failed: 'Not uploaded',
  progress: '{sent} of {total}',
  rate: '{rate}/s, about {eta} left',
  noSubmission: 'The upload cannot start: this page has no submission. Use the form below.',
  noRecipients: 'The upload cannot start: the organisation’s keys are missing. Use the form below.',
  networkError: 'The connection failed. Your progress is kept: try again when you are online.',
  fileUnreadable: 'The file could not be read (was it changed or moved?).',
  unexpected: 'Something went wrong: {detail}',
} as const;

export type MessageKey = keyof typeof en;

const ru: Record<MessageKey, string> = {
  derivingKeys: 'Получаем ключи из кодового имени…',
  deriveFailed: 'Не удалось получить ключи в этом браузере. Продолжаем без возможности докачки.',
  codenameLabel: 'Ваше кодовое имя (семь слов)',
  codenameHint: 'Нужно, чтобы зашифровать файлы в этом браузере. На этом шаге оно никуда не отправляется.',
  codenameContinue: 'Продолжить',
  codenameEmpty: 'Сначала введите кодовое имя.',
  chooseFiles: 'Выбрать файлы',
  chooseFolder: 'Выбрать папку',
  noJsLink: 'Загрузить без JavaScript',
  total: 'Все файлы',
  pause: 'Пауза',
  resume: 'Продолжить',
  retry: 'Повторить',
  queued: 'В очереди',
  preparing: 'Подготовка шифрования…',
  uploading: 'Шифрование и загрузка',
  paused: 'На паузе',
  finishing: 'Проверяем файл и отправляем его описание…',
  complete: 'Загружен',
  skipped: 'Уже был загружен раньше',
  failed: 'Не загружен',
  progress: '{sent} из {total}',
  rate: '{rate}/с, осталось около {eta}',
  noSubmission: 'Загрузка невозможна: у страницы нет обращения. Воспользуйтесь формой ниже.',
  noRecipients: 'Загрузка невозможна: нет ключей организации. Воспользуйтесь формой ниже.',
  networkError: 'Соединение прервалось. Загруженное не пропадёт: повторите, когда связь появится.',
  fileUnreadable: 'Файл не удалось прочитать (его изменили или переместили?).',
  unexpected: 'Что-то пошло не так: {detail}',
};

export type Translate = (key: MessageKey, params?: Record<string, string>) => string;

export function translator(lang: Lang): Translate {
  const dictionary: Record<MessageKey, string> = lang === 'ru' ? ru : en;
  return (key, params = {}) => dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}
