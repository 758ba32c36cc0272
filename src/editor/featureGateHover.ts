/**
 * The hover of a feature gate in the editor: over a `Name=value` of `--feature-gates` (or a key of a `featureGates:`
 * map) the gate's line of ours and its stage history for the document's release, followed by the hover of the flag
 * that sets it. The catalogue (content/feature-gates.json) and the prose (content/<lang>/feature-gates.yaml) are
 * loaded on the main thread the first time a gate is hovered; the analysis in the worker never sends them.
 */
import { monaco } from './setupMonaco';
import { pageKnowledge } from '../state/knowledge';
import { language } from '../i18n';
import type { FileId } from '../model/span';
import type { PresentedAnalysis } from '../present/analysis';
import type { FeatureGateCatalogue } from '../knowledge/featureGates';
import { flagHoverMarkdown } from '../present/explainMarkdown';
import {
  featureGateUnderCursor,
  featureGateUnderCursorMarkdown,
  readFeatureGateProse,
  type FeatureGateProse,
} from '../present/featureGateMarkdown';

interface GateWords {
  catalogue: FeatureGateCatalogue;
  prose: FeatureGateProse;
}

const loaded = new Map<string, Promise<GateWords>>();

/** The catalogue and the prose of `lang`, loaded once. */
function gateWords(lang: string): Promise<GateWords> {
  let p = loaded.get(lang);
  if (!p) {
    p = pageKnowledge(lang).then(async (kb) => {
      const [catalogue, raw] = await Promise.all([kb.featureGates(), kb.loadMessages('feature-gates.yaml')]);
      return { catalogue, prose: readFeatureGateProse(raw) };
    });
    // a failed load is tried again on the next hover
    p.catch(() => loaded.delete(lang));
    loaded.set(lang, p);
  }
  return p;
}

const markdown = (value: string): monaco.IMarkdownString =>
  // Untrusted Markdown: no command links, no HTML, no $(icon) syntax. User text in it is escaped by present/.
  ({ value, isTrusted: false, supportHtml: false, supportThemeIcons: false });

/**
 * The hover when `offset` of `fileId` is on a feature gate, else null (the caller shows its flag or field hover).
 * When the gate facts cannot be loaded, the flag's own hover is shown.
 */
export function featureGateHover(
  model: monaco.editor.ITextModel,
  analysis: PresentedAnalysis | null,
  fileId: FileId,
  offset: number,
): Promise<monaco.languages.Hover | null> | null {
  const hit = featureGateUnderCursor(analysis, fileId, offset);
  if (!hit) return null;
  const { entry } = hit;
  const flagParts = flagHoverMarkdown(entry.flag, hit.component, analysis?.catalogue ?? null);
  const s = model.getPositionAt(entry.range.start);
  const e = model.getPositionAt(entry.range.end);
  const range = new monaco.Range(s.lineNumber, s.column, e.lineNumber, e.column);
  return gateWords(language())
    .then(({ catalogue, prose }) => featureGateUnderCursorMarkdown(hit, catalogue, prose))
    .catch((): string[] => [])
    .then((gateParts) => {
      const parts = [...gateParts, ...flagParts];
      return parts.length === 0 ? null : { range, contents: parts.map(markdown) };
    });
}
