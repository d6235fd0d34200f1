import { describe, expect, it } from 'vitest';
import { escapeHtml, hiddenFields, html } from '../../../functions/pages/html.js';
import { pageHeaders } from '../../../functions/pages/headers.js';

describe('page templates', () => {
  it('escape every interpolated value unless it is itself a template', () => {
    const name = `"><script>alert('x')</script>`;
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;">&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</p>',
    );
    expect(html`<ul>${['a<', 'b'].map((x) => html`<li>${x}</li>`)}</ul>`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>');
    expect(html`${undefined}${null}${false}`.value).toBe('');
  });

  it('carry hidden fields escaped', () => {
    expect(hiddenFields({ state: 'a"&b' }).value).toBe('<input type="hidden" name="state" value="a&quot;&amp;b">');
    expect(escapeHtml('&<>"\'')).toBe('&amp;&lt;&gt;&quot;&#39;');
  });

  it('never let a form target inject a CSP directive', () => {
    const csp = pageHeaders(['https://app.example', "https://x; script-src 'unsafe-inline'"])['Content-Security-Policy']!;
    expect(csp).toContain("form-action 'self' https://app.example;");
    expect(csp).not.toContain('script-src');
  });
});
