/**
 * The diff of two sets of manifests (issue 17: before and after `kubeadm upgrade`, or two nodes): per component,
 * the flags added, removed and changed, each explained (the catalogue's summary, its status in the release the new
 * side runs), and the version change. Secrets never appear: a secret value is shown as its mask, and a change of a
 * secret is told by its mask only. Pure: over analyses (the CLI makes them with the pipeline).
 */
import type { WorkspaceAnalysis } from '../pipeline';
import type { ComponentId } from '../model/types';
import type { MessageCatalogue } from './messages';
import { shownFlagValue } from './redact';
import { t, tDynamic } from '../i18n';

export interface SideFlag {
  name: string;
  /** As it may be shown (a secret's mask); null for a bare flag. */
  value: string | null;
  /** The raw value compared (never shown). */
  compare: string | null;
  status: string;
  summary: string | null;
}

export interface ComponentSide {
  component: ComponentId;
  version: string | null;
  flags: Map<string, SideFlag>;
}

export interface ManifestFlagChange {
  kind: 'added' | 'removed' | 'changed';
  flag: string;
  before: string | null;
  after: string | null;
  /** Status of the flag on the side that has it (the new side for changed flags). */
  status: string;
  summary: string | null;
}

export interface ComponentDiff {
  component: ComponentId;
  beforeVersion: string | null;
  afterVersion: string | null;
  /** Present on one side only. */
  only: 'before' | 'after' | null;
  changes: ManifestFlagChange[];
}

/** The components of an analysis with their flags (the first document of each component wins). */
export function componentSides(
  analysis: Pick<WorkspaceAnalysis, 'files'>,
  catalogue: MessageCatalogue | null,
): ComponentSide[] {
  const out = new Map<ComponentId, ComponentSide>();
  for (const f of analysis.files)
    for (const d of f.documents) {
      const c = d.document.component;
      if (!c || out.has(c)) continue;
      const flags = new Map<string, SideFlag>();
      for (const fl of d.flags) {
        const name = fl.canonical ?? fl.occurrence.name;
        flags.set(name, {
          name,
          value: shownFlagValue(fl, catalogue),
          compare: fl.occurrence.value,
          status: fl.status,
          summary: fl.doc?.summary ?? null,
        });
      }
      out.set(c, { component: c, version: d.document.version?.version ?? null, flags });
    }
  return [...out.values()];
}

export function diffSides(before: ComponentSide[], after: ComponentSide[]): ComponentDiff[] {
  const components = [...new Set([...before, ...after].map((s) => s.component))];
  return components.map((component) => {
    const a = before.find((s) => s.component === component);
    const b = after.find((s) => s.component === component);
    const changes: ManifestFlagChange[] = [];
    if (a && b) {
      for (const [name, fb] of b.flags) {
        const fa = a.flags.get(name);
        if (!fa)
          changes.push({
            kind: 'added',
            flag: name,
            before: null,
            after: fb.value,
            status: fb.status,
            summary: fb.summary,
          });
        else if (fa.compare !== fb.compare)
          changes.push({
            kind: 'changed',
            flag: name,
            before: fa.value,
            after: fb.value,
            status: fb.status,
            summary: fb.summary,
          });
      }
      for (const [name, fa] of a.flags)
        if (!b.flags.has(name))
          changes.push({
            kind: 'removed',
            flag: name,
            before: fa.value,
            after: null,
            status: fa.status,
            summary: fa.summary,
          });
    }
    const order = { removed: 0, changed: 1, added: 2 } as const;
    changes.sort((x, y) => order[x.kind] - order[y.kind] || x.flag.localeCompare(y.flag));
    return {
      component,
      beforeVersion: a?.version ?? null,
      afterVersion: b?.version ?? null,
      only: a && b ? null : a ? 'before' : 'after',
      changes,
    };
  });
}

const shown = (v: string | null) => (v === null ? t('mdiff.bare') : v);

export function formatManifestDiffText(diffs: readonly ComponentDiff[], names: { before: string; after: string }) {
  const out: string[] = [t('mdiff.heading', names)];
  for (const d of diffs) {
    out.push('');
    const versions =
      d.beforeVersion === d.afterVersion
        ? (d.afterVersion ?? t('mdiff.noVersion'))
        : `${d.beforeVersion ?? t('mdiff.noVersion')} → ${d.afterVersion ?? t('mdiff.noVersion')}`;
    out.push(`${d.component} (${versions})`);
    if (d.only) {
      out.push(`  ${t(d.only === 'before' ? 'mdiff.onlyBefore' : 'mdiff.onlyAfter', names)}`);
      continue;
    }
    if (d.changes.length === 0) out.push(`  ${t('mdiff.same')}`);
    for (const c of d.changes) {
      const status = c.status === 'ok' ? '' : ` [${c.status}]`;
      const what =
        c.kind === 'changed'
          ? `${shown(c.before)} → ${shown(c.after)}`
          : c.kind === 'added'
            ? shown(c.after)
            : shown(c.before);
      out.push(`  ${tDynamic(`mdiff.kind.${c.kind}`)} --${c.flag}: ${what}${status}`);
      if (c.summary) out.push(`      ${c.summary}`);
    }
    if (d.beforeVersion && d.afterVersion && d.beforeVersion !== d.afterVersion)
      out.push(`  ${t('mdiff.upgradeHint', { component: d.component, from: d.beforeVersion, to: d.afterVersion })}`);
  }
  return out.join('\n');
}
