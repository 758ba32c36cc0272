/** A workspace analysis with its words: findings rendered in one language, and the catalogue for the rest. */
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { WorkspaceAnalysis } from '../pipeline';
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

export function presentAnalysis(analysis: WorkspaceAnalysis, catalogue: MessageCatalogue): PresentedAnalysis {
  return { ...analysis, findings: analysis.findings.map((f) => presentFinding(catalogue, f)), catalogue };
}
