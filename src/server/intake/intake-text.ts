import type { Lang } from '../../intake/index.js';

export type { Lang };

/** Every word a source reads, in Russian and English. */
export const TEXT = {
  ru: {
    title: 'Безопасная передача материалов',
    intro:
      'Здесь можно передать нам видео, фото и документы. Они шифруются так, что прочитать их может только наша организация. Этот сервер не хранит ваш IP-адрес и не знает, кто вы.',
    sizes: (pending: string, form: string) =>
      `С включённым JavaScript на пути к нам может быть одновременно до ${pending} ваших файлов, а прерванную передачу можно продолжить. Без JavaScript каждый файл — не больше ${form}.`,
    languageChoice: 'Язык страницы и кодового имени',
    advice: 'Для большей безопасности откройте эту страницу в Tor Browser, не с рабочего или тюремного устройства, и не подписывайте файлы своим именем.',
    start: 'Получить кодовое имя и начать',
    haveCodename: 'У меня уже есть кодовое имя',
    codenameTitle: 'Ваше кодовое имя',
    codenameExplain:
      'Запишите эти семь слов на бумаге и храните их в надёжном месте. Это единственный способ вернуться: продолжить прерванную передачу и прочитать наши ответы. Мы не можем его восстановить, и больше оно показано не будет.',
    writtenDown: 'Я записал(а) кодовое имя',
    continue: 'Продолжить',
    loginTitle: 'Вход по кодовому имени',
    codenameLabel: 'Кодовое имя (семь слов)',
    signIn: 'Войти',
    homeTitle: 'Ваши передачи',
    newSubmission: 'Новая передача',
    noSubmissions: 'Вы ещё ничего не передали.',
    submissionOf: 'Передача от',
    fileCount: (n: number) => `${n} ${plural('ru', n, ['файл', 'файла', 'файлов'])}`,
    notSent: 'ещё не отправлена: нет файлов',
    noFilesYet:
      'Пока ничего не отправлено. Ваши ответы дойдут до нас вместе с первым файлом. Если файлов нет, а рассказать есть что — напишите нам на странице «Ваши передачи».',
    fileN: (n: number) => `Файл ${n}`,
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
    languageName: 'Русский',
  },
  en: {
    title: 'Send us material securely',
    intro:
      'Here you can send us videos, photos and documents. They are encrypted so that only our organisation can read them. This server keeps no IP address and does not know who you are.',
    sizes: (pending: string, form: string) =>
      `With JavaScript on, up to ${pending} of your files may be on their way to us at once, and an interrupted upload can be continued. Without JavaScript, each file may be at most ${form}.`,
    languageChoice: 'Language of the page and the codename',
    advice: 'To be safer, open this page in Tor Browser, not from a work or prison device, and do not sign files with your name.',
    start: 'Get a codename and start',
    haveCodename: 'I already have a codename',
    codenameTitle: 'Your codename',
    codenameExplain:
      'Write these seven words down on paper and keep them somewhere safe. They are the only way back in: to continue an interrupted upload and to read our replies. We cannot recover them, and they will not be shown again.',
    writtenDown: 'I have written my codename down',
    continue: 'Continue',
    loginTitle: 'Sign in with your codename',
    codenameLabel: 'Codename (seven words)',
    signIn: 'Sign in',
    homeTitle: 'Your submissions',
    newSubmission: 'New submission',
    noSubmissions: 'You have not sent anything yet.',
    submissionOf: 'Submission of',
    fileCount: (n: number) => `${n} ${plural('en', n, ['file', 'files'])}`,
    notSent: 'not sent yet: no files',
    noFilesYet:
      'Nothing has been sent yet. Your answers reach us together with your first file. If you have no files but something to tell, write to us on the “Your submissions” page.',
    fileN: (n: number) => `File ${n}`,
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
    languageName: 'English',
  },
} as const;

export type Text = (typeof TEXT)[Lang];

/** The plural form `Intl.PluralRules` picks: English [one, other], Russian [one, few, many]. */
export function plural(lang: Lang, n: number, forms: readonly string[]): string {
  const rule = new Intl.PluralRules(lang).select(n);
  const index = lang === 'ru' ? (rule === 'one' ? 0 : rule === 'few' ? 1 : 2) : rule === 'one' ? 0 : 1;
  return forms[index] ?? forms[forms.length - 1]!;
}

export function langOf(query: unknown): Lang {
  const lang = (query as { lang?: unknown } | undefined)?.lang;
  return lang === 'en' ? 'en' : 'ru';
}
