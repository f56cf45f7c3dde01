import type { Lang } from '../../intake/index.js';

export type { Lang };

/** Every word a source reads, in Russian and English. */
export const TEXT = {
  ru: {
    title: 'Безопасная передача материалов',
    intro:
      'Здесь можно передать нам файлы любого размера — видео, фото, документы. Они шифруются так, что прочитать их может только наша организация. Этот сервер не хранит ваш IP-адрес и не знает, кто вы.',
    advice: 'Для большей безопасности откройте эту страницу в Tor Browser, не с рабочего или тюремного устройства, и не подписывайте файлы своим именем.',
    start: 'Получить кодовое имя и начать',
    haveCodename: 'У меня уже есть кодовое имя',
    codenameTitle: 'Ваше кодовое имя',
    codenameExplain:
      'Запишите эти семь слов и храните их в надёжном месте. Это единственный способ вернуться: продолжить прерванную передачу и прочитать наши ответы. Мы не можем его восстановить.',
    continue: 'Я записал(а) кодовое имя — продолжить',
    loginTitle: 'Вход по кодовому имени',
    codenameLabel: 'Кодовое имя (семь слов)',
    signIn: 'Войти',
    homeTitle: 'Ваши передачи',
    newSubmission: 'Новая передача',
    noSubmissions: 'Вы ещё ничего не передали.',
    submissionOf: 'Передача от',
    files: 'файлов',
    open: 'Открыть',
    messages: 'Сообщения',
    noMessages: 'Сообщений пока нет.',
    fromYou: 'Вы',
    fromUs: 'Мы',
    writeMessage: 'Написать нам',
    send: 'Отправить',
    signOut: 'Выйти',
    questionsTitle: 'О чём эти файлы',
    questionsExplain: 'Все вопросы необязательны, если не отмечено иное. Ответы шифруются так же, как файлы.',
    required: 'обязательно',
    next: 'Далее: выбрать файлы',
    uploadTitle: 'Передача файлов',
    received: 'Уже получено',
    state: {
      uploading: 'передаётся',
      'awaiting-manifest': 'почти готово',
      complete: 'получено',
      rejected: 'отклонено',
      imported: 'получено',
      damaged: 'получено с ошибкой',
    },
    formTitle: 'Отправить файлы без JavaScript',
    formExplain: (limit: string) =>
      `Файлы шифруются на сервере по мере поступления и не сохраняются в открытом виде. Размер одного файла — не больше ${limit}. Для больших файлов и продолжения после обрыва включите JavaScript.`,
    chooseFiles: 'Файлы',
    sendFiles: 'Отправить файлы',
    formReceived: (n: number) => `Получено файлов: ${n}. Спасибо.`,
    back: 'К моим передачам',
    errorTitle: 'Не получилось',
    notSignedIn: 'Войдите по кодовому имени, чтобы продолжить.',
    language: 'English',
  },
  en: {
    title: 'Send us material securely',
    intro:
      'Here you can send us files of any size: videos, photos, documents. They are encrypted so that only our organisation can read them. This server keeps no IP address and does not know who you are.',
    advice: 'To be safer, open this page in Tor Browser, not from a work or prison device, and do not sign files with your name.',
    start: 'Get a codename and start',
    haveCodename: 'I already have a codename',
    codenameTitle: 'Your codename',
    codenameExplain:
      'Write these seven words down and keep them somewhere safe. They are the only way back in: to continue an interrupted upload and to read our replies. We cannot recover them.',
    continue: 'I have written my codename down: continue',
    loginTitle: 'Sign in with your codename',
    codenameLabel: 'Codename (seven words)',
    signIn: 'Sign in',
    homeTitle: 'Your submissions',
    newSubmission: 'New submission',
    noSubmissions: 'You have not sent anything yet.',
    submissionOf: 'Submission of',
    files: 'files',
    open: 'Open',
    messages: 'Messages',
    noMessages: 'No messages yet.',
    fromYou: 'You',
    fromUs: 'Us',
    writeMessage: 'Write to us',
    send: 'Send',
    signOut: 'Sign out',
    questionsTitle: 'About these files',
    questionsExplain: 'Every question is optional unless marked. The answers are encrypted like the files.',
    required: 'required',
    next: 'Next: choose files',
    uploadTitle: 'Send files',
    received: 'Received so far',
    state: {
      uploading: 'uploading',
      'awaiting-manifest': 'almost done',
      complete: 'received',
      rejected: 'rejected',
      imported: 'received',
      damaged: 'received, damaged',
    },
    formTitle: 'Send files without JavaScript',
    formExplain: (limit: string) =>
      `The server encrypts each file as it arrives and never stores it unencrypted. Each file may be at most ${limit}. For larger files, and to resume after a dropped connection, turn JavaScript on.`,
    chooseFiles: 'Files',
    sendFiles: 'Send files',
    formReceived: (n: number) => `Files received: ${n}. Thank you.`,
    back: 'Back to my submissions',
    errorTitle: 'That did not work',
    notSignedIn: 'Sign in with your codename to continue.',
    language: 'Русский',
  },
} as const;

export type Text = (typeof TEXT)[Lang];

export function langOf(query: unknown): Lang {
  const lang = (query as { lang?: unknown } | undefined)?.lang;
  return lang === 'en' ? 'en' : 'ru';
}
