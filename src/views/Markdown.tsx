/**
 * Renders the small Markdown subset our content uses (paragraphs, `code`, **bold**, [links](https://...),
 * "- " lists) as React elements: every piece is a text node (no HTML is ever parsed), links only to https: URLs,
 * no images. Backslash escapes and longer code fences are understood, so user text escaped by util/markdown.ts
 * (escapeMarkdown, codeSpan) shows exactly as written. No dependency.
 */
import type { ReactNode } from 'react';
import { NoBreakFlags } from './NoBreakFlags';

/**
 * An escaped ASCII punctuation character, a code span of any fence, **bold**, or a link to an https: URL (not after
 * a `!`: image syntax stays text).
 */
const INLINE =
  /\\([!-/:-@[-`{-~])|(?<!`)(`+)([^`]|[^`][\s\S]*?[^`])\2(?!`)|\*\*([^*]+)\*\*|(?<!!)\[([^\]]+)\]\((https:\/\/[^)\s]+)\)/g;

function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  let k = 0;
  INLINE.lastIndex = 0;
  while ((m = INLINE.exec(text))) {
    if (m.index > last) out.push(<NoBreakFlags key={k++} text={text.slice(last, m.index)} />);
    const [tok, escaped, , codeText, bold, linkText, href] = m;
    if (escaped !== undefined) out.push(escaped);
    else if (codeText !== undefined) {
      // CommonMark: one space is stripped from each side when both are spaces and the span is not all spaces
      const stripped = /^ .*[^ ].* $/s.test(codeText) ? codeText.slice(1, -1) : codeText;
      out.push(
        <code key={k++}>
          <NoBreakFlags text={stripped} />
        </code>,
      );
    } else if (bold !== undefined) out.push(<strong key={k++}>{bold}</strong>);
    else
      out.push(
        <a key={k++} href={href} target="_blank" rel="noreferrer noopener">
          {linkText}
        </a>,
      );
    last = m.index + tok.length;
  }
  if (last < text.length) out.push(<NoBreakFlags key={k} text={text.slice(last)} />);
  return out;
}

/** CJK characters and full-width punctuation: a line break between two of them is no space (Chinese has none). */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

/** The lines of a paragraph as one: a space where the break was, none between two CJK characters. */
function joinLines(lines: readonly string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (out === '') out = line;
    else out += CJK.test(out.slice(-1)) && CJK.test(line.charAt(0)) ? line : ` ${line}`;
  }
  return out;
}

export function Markdown({ text }: { text: string }) {
  const blocks = text.trim().split(/\n\s*\n/);
  return (
    <div className="kx-md">
      {blocks.map((b, i) => {
        const lines = b.split('\n');
        // a list: every line an item ("- "), or an indented continuation of the item above it
        if (/^\s*[-*] /.test(lines[0] ?? '') && lines.every((l) => /^\s*[-*] /.test(l) || /^\s+\S/.test(l))) {
          const items: string[] = [];
          for (const l of lines)
            if (/^\s*[-*] /.test(l)) items.push(l.replace(/^\s*[-*] /, ''));
            else items[items.length - 1] = joinLines([items[items.length - 1] ?? '', l]);
          return (
            <ul key={i}>
              {items.map((item, j) => (
                <li key={j}>{inline(item)}</li>
              ))}
            </ul>
          );
        }
        return <p key={i}>{inline(joinLines(lines))}</p>;
      })}
    </div>
  );
}
