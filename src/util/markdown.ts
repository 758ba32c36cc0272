/**
 * User text inside Markdown. Hovers (Monaco) and our Markdown views render Markdown; a flag name, a value, a path or a
 * message quoting a pasted file must reach them as text only: never a link, an image, HTML, emphasis or a new block.
 * Our own content (explanations from content/) stays Markdown and is not passed through here. Pure.
 */

/** Line breaks of every kind: inside user text a break could end the paragraph and start a block of its own. */
const LINE_BREAK = /\r\n|[\n\r\u0085\u2028\u2029]/g;

/**
 * ASCII punctuation that can start Markdown syntax in CommonMark + GFM (marked, which Monaco uses, and our views):
 * `\` escapes, `` ` `` code, `*` `_` emphasis, `~` strikethrough, `[` `]` `!` links and images, `<` `>` `&` HTML,
 * autolinks and entities, `|` tables, `#` `+` `-` `=` `.` headings, lists and rules, `:` `@` `.` the bare
 * `https://…`, `www.…` and `user@host` links of GFM. Every ASCII punctuation character may be backslash-escaped, so
 * escaping one that needs none is harmless; `(`, `)`, `"`, `'` are left alone (they only mean something after a
 * `]`, which is escaped), which keeps masks such as `••••••• (23 characters)` readable in the source.
 */
const MARKDOWN_PUNCTUATION = /[\\`*_~[\]!<>&|#+\-=.:@]/g;

/** Line breaks as spaces: one line of text. */
export function singleLine(text: string): string {
  return text.replace(LINE_BREAK, ' ');
}

/** `text` as Markdown that renders exactly as that text, on one line, with no syntax of its own. */
export function escapeMarkdown(text: string): string {
  return singleLine(text).replace(MARKDOWN_PUNCTUATION, '\\$&');
}

/**
 * `text` as one Markdown code span. The fence is longer than any run of backticks inside, and a space pads a text
 * that starts or ends with a backtick or a space (CommonMark strips exactly one from each side), so every backtick
 * and space survives. Inside a code span nothing is Markdown (no escapes either); line breaks become spaces.
 */
export function codeSpan(text: string): string {
  const body = singleLine(text);
  if (body === '') return '` `';
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(body) && /[^ ]/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}
