/** A workspace analysis with its words: findings rendered in one language, and the catalogue for the rest. */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { WorkspaceAnalysis } from '../pipeline';
import type { WorkspaceFile } from '../model/types';
import { secretScrubber } from './redact';
import { presentFinding, readMessageCatalogue, type MessageCatalogue, type PresentedFinding } from './messages';

export interface PresentedAnalysis extends Omit<WorkspaceAnalysis, 'findings'> {
  findings: PresentedFinding[];
  /** For the messages views render themselves (value problems). */
  catalogue: MessageCatalogue;
}

/** The message catalogue of the knowledge base's language (English where a translation is missing). */
export async function loadMessageCatalogue(kb: KnowledgeBase): Promise<MessageCatalogue> {
  const [rules, messages] = await Promise.all([kb.loadMessages('rules.yaml'), kb.loadMessages('messages.yaml')]);
  return readMessageCatalogue(kb.language, rules, messages);
}

/**
 * The findings in words. With the workspace's files, every text is also scrubbed of the secrets located in them (a
 * last line of defence: messages quote names and values from the input, and no message may quote a secret).
 */
export function presentAnalysis(
  analysis: WorkspaceAnalysis,
  catalogue: MessageCatalogue,
  files?: readonly Pick<WorkspaceFile, 'id' | 'text'>[],
): PresentedAnalysis {
  const scrub = files ? secretScrubber(files, analysis, catalogue) : null;
  const findings = analysis.findings.map((f) => {
    const p = presentFinding(catalogue, f);
    if (!scrub) return p;
    return {
      ...p,
      title: scrub(p.title),
      message: scrub(p.message),
      explanation: p.explanation === null ? null : scrub(p.explanation),
      fix: p.fix === null ? null : scrub(p.fix),
    };
  });
  return { ...analysis, findings, catalogue };
}
