import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html.js';

/**
 * The one stylesheet, inline. The CSP allows exactly this text by its hash (CSP3 §8.3), so no
 * other style — and, with `default-src 'none'`, no script, image, font or frame — can load.
 */
const CSS = `
:root{color-scheme:light dark;--fg:#1b1f24;--muted:#57606a;--bg:#f6f8fa;--card:#fff;--line:#d0d7de;--accent:#0b57d0;--accent-fg:#fff;--error:#b3261e;--error-bg:#fdecea}
@media (prefers-color-scheme:dark){:root{--fg:#e6edf3;--muted:#9da7b3;--bg:#0d1117;--card:#161b22;--line:#30363d;--accent:#4c8df6;--accent-fg:#0d1117;--error:#ff8a80;--error-bg:#3b1618}}
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:flex-start;justify-content:center;padding:2rem 1rem;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{width:100%;max-width:28rem;background:var(--card);border:1px solid var(--line);border-radius:12px;padding:1.5rem}
h1{font-size:1.4rem;margin:0 0 1rem}
h2{font-size:1rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0}
.muted{color:var(--muted);font-size:.9rem}
label{display:block;font-weight:600;margin:1rem 0 .25rem}
input[type=email],input[type=password]{width:100%;padding:.7rem .8rem;font:inherit;color:inherit;background:transparent;border:1px solid var(--line);border-radius:8px}
input:focus,button:focus{outline:3px solid var(--accent);outline-offset:2px}
button{font:inherit;padding:.7rem 1.1rem;border-radius:8px;border:1px solid var(--line);background:transparent;color:inherit;cursor:pointer;min-height:44px}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-fg);font-weight:600}
.actions{display:flex;gap:.75rem;flex-wrap:wrap;margin-top:1.5rem}
.actions button{flex:1 1 8rem}
.full{width:100%;margin-top:1.5rem}
.error{color:var(--error);background:var(--error-bg);border-radius:8px;padding:.75rem;margin:0 0 1rem}
ul.scopes{padding-left:1.2rem;margin:.5rem 0}
ul.scopes li{margin:.35rem 0}
code{font-size:.85em;color:var(--muted)}
form.inline{margin-top:1.5rem;border-top:1px solid var(--line);padding-top:1rem}
button.link{border:0;padding:0;min-height:0;color:var(--accent);text-decoration:underline;background:none}
main.wide{max-width:46rem}
input[type=text],textarea{width:100%;padding:.7rem .8rem;font:inherit;color:inherit;background:transparent;border:1px solid var(--line);border-radius:8px}
textarea.secret{font:.85rem/1.4 ui-monospace,SFMono-Regular,Menlo,monospace;word-break:break-all;resize:vertical}
section{margin-top:2rem;border-top:1px solid var(--line);padding-top:.5rem}
h3{font-size:.95rem;margin:1.25rem 0 .25rem}
ul.items{list-style:none;padding:0;margin:.5rem 0}
ul.items li{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding:.6rem 0;border-bottom:1px solid var(--line)}
ul.items li:last-child{border-bottom:0}
ul.items form{display:flex;gap:.5rem;flex-wrap:wrap;flex:none}
fieldset{border:0;padding:0;margin:1rem 0 0}
legend{font-weight:600;padding:0}
label.check{display:flex;align-items:center;gap:.5rem;font-weight:normal;margin:.35rem 0}
button.danger{color:var(--error);border-color:var(--error)}
.notice{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:.75rem;margin:1rem 0}
.notice h2{margin-top:0}
a{color:var(--accent)}
`.trim();

/** The CSP source that allows the stylesheet above and nothing else. */
export const STYLE_SOURCE = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

export function layout(title: string, body: SafeHtml, options: { readonly wide?: boolean } = {}): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${title} · Connect</title>
<style>${new SafeHtml(CSS)}</style>
</head>
<body>
<main${options.wide ? html` class="wide"` : ''}>
${body}
</main>
</body>
</html>
`.value;
}
