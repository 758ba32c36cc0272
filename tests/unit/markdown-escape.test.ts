/**
 * User text in Markdown (issue 10, item 3): a flag name, a value or a path pasted by the user is only ever text in a
 * hover or a Markdown view — no link, no image, no HTML, no emphasis. Rendered with Monaco's own copy of marked (the
 * parser of its hovers) and with our views' Markdown component.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { marked } from 'monaco-editor/base/common/marked/marked.js';
import { codeSpan, escapeMarkdown, singleLine } from '../../src/util/markdown';
import { flagHoverMarkdown } from '../../src/present/explainMarkdown';
import { Markdown } from '../../src/views/Markdown';
import { analysePresented, file, loadKnowledgeBase } from '../helpers';

const HOSTILE = [
  '[x](https://evil.example)',
  '![p](https://e/x.png)',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example">x</a>',
  '<https://evil.example>',
  'https://evil.example/p.png',
  'www.evil.example',
  'me@evil.example',
  '[x][r]\n\n[r]: https://evil.example',
  '`code` and ``two`` and a lone `',
  '*em* **strong** _em_ __strong__ ~~del~~ ~del~',
  '| a | b |\n|---|---|\n| c | d |',
  'line one\n\n# heading\n- item\n> quote\n    indented\n---',
  'back\\slash \\[not a link\\](https://evil.example) trailing\\',
  '&lt;img src=x&gt; &amp; &#x3C;',
  'a\r\nb\rc\u2028d',
  '1. one\n2) two\n+ plus\n= setext',
];

/** The text of HTML without tags (there must be none but the ones named) and with marked's entities decoded. */
function textOf(html: string, allowedTags: RegExp): string {
  const withoutAllowed = html.replace(allowedTags, '');
  expect(withoutAllowed).not.toMatch(/<[a-z/!]/i);
  return withoutAllowed
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Runs of white space as one space, none at the ends: the renderers differ there, and nothing hides in it. */
const spaces = (text: string) => text.replace(/\s+/g, ' ').trim();

const monacoHtml = (markdown: string) => marked.parse(markdown, { async: false });
const viewHtml = (markdown: string) => renderToStaticMarkup(createElement(Markdown, { text: markdown }));

/** Characters that mean something in Markdown, a few letters and spaces: the alphabet of generated hostile text. */
const MARKDOWN_CHARS = fc.constantFrom(
  ...'\\`*_~[]()!<>&|#+-=.:@/"\'{}$^%;,?'.split(''),
  ...['a', 'b', 'x', '1', ' ', ' ', '\n', 'https://', 'www.', 'e@x.io', '&amp;', '•'],
);
const hostileText = fc.string({ unit: MARKDOWN_CHARS, minLength: 1, maxLength: 40 });

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('renders %j as exactly that text in a Monaco hover', (input) => {
    const html = monacoHtml(`Value: ${escapeMarkdown(input)}`);
    expect(html).not.toMatch(/<(a|img|em|strong|del|code|h\d|li|table|blockquote|pre|hr|br)\b/);
    expect(spaces(textOf(html, /^<p>|<\/p>\n$/g))).toBe(spaces(`Value: ${singleLine(input)}`));
  });

  it.each(HOSTILE)('renders %j as exactly that text in our Markdown view', (input) => {
    const html = viewHtml(`Value: ${escapeMarkdown(input)}`);
    expect(spaces(textOf(html, /^<div class="kx-md"><p>|<\/p><\/div>$/g))).toBe(spaces(`Value: ${singleLine(input)}`));
  });

  it('escapes what can start Markdown and keeps a secret mask readable', () => {
    expect(escapeMarkdown('[x](https://evil.example)')).toBe('\\[x\\](https\\://evil\\.example)');
    expect(escapeMarkdown('![p](u) <b> *_`|~\\')).toBe('\\!\\[p\\](u) \\<b\\> \\*\\_\\`\\|\\~\\\\');
    expect(escapeMarkdown('a\nb\r\nc')).toBe('a b c');
    expect(escapeMarkdown('••••••• (23 characters)')).toBe('••••••• (23 characters)');
  });

  it('any text made of Markdown punctuation renders as itself, in Monaco and in our view', () => {
    fc.assert(
      fc.property(hostileText, (input) => {
        const expected = spaces(`Value: ${singleLine(input)}`);
        const monaco = monacoHtml(`Value: ${escapeMarkdown(input)}`);
        expect(spaces(textOf(monaco, /^<p>|<\/p>\n$/g))).toBe(expected);
        const view = viewHtml(`Value: ${escapeMarkdown(input)}`);
        expect(spaces(textOf(view, /^<div class="kx-md"><p>|<\/p><\/div>$/g))).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('codeSpan', () => {
  it.each([
    ['a`b', '``a`b``'],
    ['``x``', '``` ``x`` ```'],
    ['`', '`` ` ``'],
    [' padded ', '`  padded  `'],
    ['  ', '`  `'],
    ['', '` `'],
    ['a\nb', '`a b`'],
  ])('%j becomes %j', (input, expected) => {
    expect(codeSpan(input)).toBe(expected);
  });

  it('any text survives as one code span, backticks and spaces included', () => {
    fc.assert(
      fc.property(hostileText, (input) => {
        const body = singleLine(input);
        const monaco = monacoHtml(`Value: ${codeSpan(input)}`);
        expect(monaco.startsWith('<p>Value: <code>')).toBe(true);
        expect(textOf(monaco, /^<p>Value: <code>|<\/code><\/p>\n$/g)).toBe(body);
        expect(
          // a flag name in the span is kept whole (`<span class="kx-nobreak">--x</span>`, views/NoBreakFlags.tsx)
          textOf(
            viewHtml(`Value: ${codeSpan(input)}`),
            /^<div class="kx-md"><p>Value: <code>|<\/code><\/p><\/div>$|<span class="kx-nobreak">|<\/span>/g,
          ),
        ).toBe(body);
      }),
      { numRuns: 500 },
    );
  });
});

describe('views/Markdown', () => {
  it('links only to https: URLs and never shows an image or HTML', () => {
    const html = viewHtml(
      '[ok](https://kubernetes.io/docs/) [plain](http://evil.example) [js](javascript:alert(1)) ![p](https://e/x.png) <img src=x onerror=alert(1)>',
    );
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toContain('href="https://kubernetes.io/docs/"');
    expect(html).not.toContain('href="http://');
    expect(html).not.toContain('href="javascript');
    expect(html).not.toMatch(/<img/);
  });
});

const SCHEDULER = (commands: string[]) => `apiVersion: v1
kind: Pod
metadata:
  name: kube-scheduler
  namespace: kube-system
spec:
  containers:
  - command:
    - kube-scheduler
${commands.map((c) => `    - ${JSON.stringify(c)}`).join('\n')}
    image: registry.k8s.io/kube-scheduler:v1.31.2
    name: kube-scheduler
`;

describe('flag hovers with hostile names and values', async () => {
  const kb = await loadKnowledgeBase();
  const analysis = await analysePresented(
    [
      file(
        'kube-scheduler.yaml',
        SCHEDULER([
          '--profiling=[x](https://evil.example)',
          '--leader-elect=![p](https://evil.example/p.png)',
          '--kube-api-burst=<img src=https://evil.example/i.png onerror=alert(1)>',
          '--kube-api-qps=a\n\n![p](https://evil.example/q.png) www.evil.example me@evil.example',
          '--x![p](https://evil.example/p.png)[y](https://evil.example)',
        ]),
      ),
    ],
    kb,
  );
  const doc = analysis.files[0]!.documents[0]!;
  const hover = (name: string) => {
    const flag = doc.flags.find((f) => f.occurrence.name === name);
    expect(flag, name).toBeDefined();
    return flagHoverMarkdown(flag!, doc.document.component, analysis.catalogue);
  };

  it.each([
    ['profiling', '"[x](https://evil.example)" is not a boolean'],
    ['leader-elect', '"![p](https://evil.example/p.png)" is not a boolean'],
    ['kube-api-burst', '"<img src=https://evil.example/i.png onerror=alert(1)>" is not a whole number'],
    ['kube-api-qps', '"a  ![p](https://evil.example/q.png) www.evil.example me@evil.example" is not a number'],
  ])('--%s: the value problem quotes the value as text, no link or image from it', (name, shown) => {
    const parts = hover(name);
    const html = parts.map(monacoHtml).join('\n');
    // the only link is our "Official reference"; nothing points to the pasted origin
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(html).toMatch(/<a href="https:\/\/kubernetes\.io\/[^"]*">Official reference<\/a>/);
    expect(html).not.toMatch(/<img|<(?:a|img)[^>]*evil\.example/);
    const problem = parts.find((p) => p.startsWith('**Value problem:**'));
    expect(problem).toBeDefined();
    expect(textOf(monacoHtml(problem!), /^<p><strong>Value problem:<\/strong> |<\/p>\n$/g)).toContain(shown);
  });

  it('an unknown flag spelled as an image and a link is shown as its text', () => {
    const parts = hover('x![p](https://evil.example/p.png)[y](https://evil.example)');
    const html = parts.map(monacoHtml).join('\n');
    expect(html).not.toMatch(/<a |<img/);
    expect(textOf(html, /<\/?(p|strong)>|\n/g)).toContain(
      '--x![p](https://evil.example/p.png)[y](https://evil.example)',
    );
  });
});

describe('our Markdown view: lists', () => {
  it('joins an item wrapped onto indented lines, and keeps a paragraph that only starts with a dash a paragraph', () => {
    expect(viewHtml('- one\n  wrapped\n- two')).toBe(
      '<div class="kx-md"><ul><li>one wrapped</li><li>two</li></ul></div>',
    );
    expect(viewHtml('- one\nnot indented')).toBe('<div class="kx-md"><p>- one not indented</p></div>');
  });
});

describe('our Markdown view: Chinese', () => {
  it('a line break between two Chinese characters is no space; beside Latin text it is one', () => {
    expect(viewHtml('静态\nPod 由 kubelet\n运行，\n不经过 API。')).toBe(
      '<div class="kx-md"><p>静态 Pod 由 kubelet 运行，不经过 API。</p></div>',
    );
  });
});
