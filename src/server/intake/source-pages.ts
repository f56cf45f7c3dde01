import type { IntakeQuestion } from '../../intake/index.js';
import type { SourceViewMessage } from '../../intake/index.js';
import type { SourceSubmission } from '../../intake/index.js';
import type { IntakePageConfig, LandingText } from '../../intake/index.js';
import { esc, jsonBlock } from './html.js';
import { TEXT, type Lang } from './intake-text.js';

const withLang = (url: string, lang: Lang) => `${url}${url.includes('?') ? '&' : '?'}lang=${lang}`;

/** The frame of every source page: no third-party asset, one local stylesheet, one local script. */
export function layout(lang: Lang, title: string, body: string, config: IntakePageConfig | null, here = '/submit/', before = ''): string {
  const other: Lang = lang === 'ru' ? 'en' : 'ru';
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/submit/assets/intake.css">
${config ? `<script type="application/json" id="vigil-intake-config">${jsonBlock(config)}</script>\n<script type="module" src="/submit/assets/intake.js"></script>` : ''}
</head>
<body>
<header><a href="${withLang(here, other)}" hreflang="${other}">${esc(TEXT[lang].language)}</a></header>
<main>
${before}<h1>${esc(title)}</h1>
${body}
</main>
</body>
</html>`;
}

/** Admin-written text: escaped, each blank-line-separated part a paragraph, single line breaks kept. */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => `<p class="org-text">${part.split('\n').map(esc).join('<br>')}</p>`)
    .join('\n');
}

export interface LandingLimits {
  /** The most one codename may have waiting (browser uploads). */
  pending: string;
  /** The largest file the no-JavaScript form takes. */
  form: string;
}

export function landingPage(lang: Lang, limits: LandingLimits, landing: LandingText): string {
  const t = TEXT[lang];
  const choice = (['ru', 'en'] as const)
    .map((l) =>
      l === lang
        ? `<strong aria-current="page" lang="${l}">${esc(TEXT[l].languageName)}</strong>`
        : `<a href="${withLang('/submit/', l)}" hreflang="${l}" lang="${l}">${esc(TEXT[l].languageName)}</a>`,
    )
    .join(' · ');
  return layout(
    lang,
    t.title,
    `${paragraphs(landing.text[lang])}
<nav aria-label="${esc(t.languageChoice)}" class="languages"><p>${esc(t.languageChoice)}: ${choice}</p></nav>
<p>${esc(t.intro)}</p>
<p>${esc(t.sizes(limits.pending, limits.form))}</p>
<p class="advice">${esc(t.advice)}</p>
<form method="post" action="${withLang('/submit/codename', lang)}"><button type="submit">${esc(t.start)}</button></form>
<p><a href="${withLang('/submit/login', lang)}">${esc(t.haveCodename)}</a></p>`,
    null,
    '/submit/',
    landing.organisation ? `<p class="organisation">${esc(landing.organisation)}</p>\n` : '',
  );
}

export function codenamePage(lang: Lang, codename: string, config: IntakePageConfig): string {
  const t = TEXT[lang];
  return layout(
    lang,
    t.codenameTitle,
    `<p id="codename" class="codename" lang="${lang}">${esc(codename)}</p>
<p>${esc(t.codenameExplain)}</p>
<form id="codename-form" method="get" action="/submit/home">
<input type="hidden" name="lang" value="${lang}">
<p class="check"><input type="checkbox" id="written-down" name="written" value="1" required><label for="written-down">${esc(t.writtenDown)}</label></p>
<button id="codename-continue" type="submit">${esc(t.continue)}</button>
</form>`,
    config,
  );
}

export function loginPage(lang: Lang, config: IntakePageConfig, csrf: string, error?: string): string {
  const t = TEXT[lang];
  return layout(
    lang,
    t.loginTitle,
    `${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form id="login-form" method="post" action="${withLang('/submit/login', lang)}">
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="codename-input">${esc(t.codenameLabel)}</label>
<input id="codename-input" name="codename" autocomplete="off" autocapitalize="none" spellcheck="false" required>
<button type="submit">${esc(t.signIn)}</button>
</form>`,
    config,
    '/submit/login',
  );
}

export function homePage(lang: Lang, submissions: SourceSubmission[], messages: SourceViewMessage[], csrf: string): string {
  const t = TEXT[lang];
  const list =
    submissions.length === 0
      ? `<p>${esc(t.noSubmissions)}</p>`
      : `<ul class="submissions">${submissions
          .map(
            (s) =>
              `<li><a href="${withLang(`/submit/submissions/${s.submission.id}`, lang)}">${esc(t.submissionOf)} ${esc(s.submission.created_day)}</a>: ${esc(s.files.length === 0 ? t.notSent : t.fileCount(s.files.length))}</li>`,
          )
          .join('')}</ul>`;
  const thread =
    messages.length === 0
      ? `<p>${esc(t.noMessages)}</p>`
      : `<ol class="messages">${messages.map((m) => `<li class="from-${m.from}"><strong>${esc(m.from === 'source' ? t.fromYou : t.fromUs)}</strong>, ${esc(m.day)}<p>${esc(m.body)}</p></li>`).join('')}</ol>`;
  return layout(
    lang,
    t.homeTitle,
    `${list}
<p><a class="button" href="${withLang('/submit/new', lang)}">${esc(t.newSubmission)}</a></p>
<section id="messages" aria-labelledby="messages-title"><h2 id="messages-title">${esc(t.messages)}</h2>
${thread}
<form method="post" action="${withLang('/submit/messages', lang)}">
<input type="hidden" name="csrf" value="${esc(csrf)}">
<label for="message-body">${esc(t.writeMessage)}</label>
<textarea id="message-body" name="body" rows="5" maxlength="20000" required></textarea>
<button type="submit">${esc(t.send)}</button>
</form></section>
<form method="post" action="${withLang('/submit/logout', lang)}"><input type="hidden" name="csrf" value="${esc(csrf)}"><button type="submit">${esc(t.signOut)}</button></form>`,
    null,
    '/submit/home',
  );
}

export function questionsPage(lang: Lang, questions: IntakeQuestion[], csrf: string, error?: string): string {
  const t = TEXT[lang];
  const field = (q: IntakeQuestion) => {
    const id = `q-${q.id}`;
    const label = `<label for="${id}">${esc(q.label[lang])}${q.required ? ` (${esc(t.required)})` : ''}</label>`;
    const help = q.help ? `<p class="help" id="${id}-help">${esc(q.help[lang])}</p>` : '';
    const described = q.help ? ` aria-describedby="${id}-help"` : '';
    const required = q.required ? ' required' : '';
    if (q.kind === 'long-text') return `${label}${help}<textarea id="${id}" name="${id}" rows="5" maxlength="20000"${described}${required}></textarea>`;
    if (q.kind === 'choice') {
      return `${label}${help}<select id="${id}" name="${id}"${described}${required}><option value=""></option>${(q.options ?? []).map((o) => `<option value="${esc(o.en)}">${esc(o[lang])}</option>`).join('')}</select>`;
    }
    return `${label}${help}<input id="${id}" name="${id}" maxlength="2000"${described}${required}>`;
  };
  return layout(
    lang,
    t.questionsTitle,
    `${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}<p>${esc(t.questionsExplain)}</p>
<form method="post" action="${withLang('/submit/submissions', lang)}">
<input type="hidden" name="csrf" value="${esc(csrf)}">
${questions.map((q) => `<div class="field">${field(q)}</div>`).join('\n')}
<button type="submit">${esc(t.next)}</button>
</form>`,
    null,
    '/submit/new',
  );
}

export function uploadPage(
  lang: Lang,
  submission: SourceSubmission,
  config: IntakePageConfig,
  formLimit: string,
  notice?: { ok: boolean; text: string },
): string {
  const t = TEXT[lang];
  // The intake cannot read file names: the page numbers the files, and the upload script puts the names back.
  const received =
    submission.files.length === 0
      ? `<p id="no-files-yet" class="notice" role="status">${esc(t.noFilesYet)}</p>`
      : `<section id="received" aria-labelledby="received-title"><h2 id="received-title">${esc(t.received)}</h2><ul class="files" id="received-files">${submission.files
          .map(
            (f, i) =>
              `<li data-upload="${esc(f.id)}"><span class="name">${esc(t.fileN(i + 1))}</span>: <span class="state">${esc(t.state[f.state])}</span>${f.problem ? ` (${esc(f.problem)})` : ''}</li>`,
          )
          .join('')}</ul></section>`;
  return layout(
    lang,
    t.uploadTitle,
    `${notice ? `<p class="${notice.ok ? 'notice' : 'error'}" role="${notice.ok ? 'status' : 'alert'}">${esc(notice.text)}</p>` : ''}
${submission.files.length === 0 ? received : ''}
<section id="js-upload" hidden></section>
<form id="form-upload" method="post" enctype="multipart/form-data" action="${withLang(`/submit/submissions/${submission.submission.id}/form-upload`, lang)}&csrf=${esc(config.csrfToken ?? '')}">
<h2>${esc(t.formTitle)}</h2>
<p>${esc(t.formExplain(formLimit))}</p>
<label for="form-files">${esc(t.chooseFiles)}</label>
<input id="form-files" type="file" name="files" multiple required>
<button type="submit">${esc(t.sendFiles)}</button>
</form>
${submission.files.length === 0 ? '' : received}
<p><a href="${withLang('/submit/home', lang)}">${esc(t.back)}</a></p>`,
    config,
    `/submit/submissions/${submission.submission.id}`,
  );
}

export function errorPage(lang: Lang, message: string, back = '/submit/'): string {
  const t = TEXT[lang];
  return layout(lang, t.errorTitle, `<p class="error" role="alert">${esc(message)}</p><p><a href="${withLang(back, lang)}">${esc(t.back)}</a></p>`, null);
}

export const INTAKE_CSS = `[hidden]{display:none!important}body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:0 auto;padding:1rem;color:#111;background:#fff}
header{text-align:right}h1{font-size:1.6rem}label{display:block;margin-top:.8rem;font-weight:600}
input,textarea,select{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}button,.button{display:inline-block;margin-top:.8rem;padding:.5rem 1rem;font:inherit;background:#123;color:#fff;border:0;text-decoration:none;cursor:pointer}
.codename{font:1.4rem/1.6 monospace;padding:1rem;border:2px dashed #123;word-spacing:.4rem}.error{color:#a00;font-weight:600}.notice{color:#060;font-weight:600}
.small,.help{font-size:.9rem;color:#444}progress{width:100%}.messages li{margin-bottom:.8rem}
.organisation{font-size:1.2rem;font-weight:700;margin:0}.org-text{white-space:normal}.languages p{margin:.4rem 0}
.check{display:flex;gap:.6rem;align-items:center;margin-top:1rem}.check input{width:1.4rem;height:1.4rem;flex:none}.check label{margin:0}
.uploads{padding-left:1.2rem}.uploads li{margin-bottom:.8rem;overflow-wrap:anywhere}.uploads .name{display:block;font-weight:600}
.state-complete,.state-skipped{color:#060;font-weight:600}.state-complete::before,.state-skipped::before{content:"✓ "}.state-failed{color:#a00;font-weight:600}
.files li{overflow-wrap:anywhere}`;
