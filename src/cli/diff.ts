/**
 * `npm run explain -- diff --component <id> --from <version> --to <version> [--format text|json]`: the upgrade diff
 * of one component between two releases (src/knowledge/upgradeDiff.ts), each change explained with what to change
 * before upgrading. Exit 0 when it ran, 2 on a wrong usage (unknown component, a version that is not one).
 */
import { fileURLToPath } from 'node:url';
import { KnowledgeBase } from '../knowledge/knowledgeBase';
import { nodeContentReader } from '../knowledge/nodeReader';
import { COMPONENT_IDS, type ComponentId } from '../model/types';
import { isWellFormedVersion } from '../util/version';
import {
  FLAG_CHANGE_KINDS,
  GATE_CHANGE_KINDS,
  releasesOf,
  upgradeDiff,
  type FlagChange,
  type GateChange,
  type UpgradeDiff,
} from '../knowledge/upgradeDiff';
import { t, tDynamic } from '../i18n';
import { replacementIsFlag } from '../knowledge/types';

export const DIFF_USAGE =
  `usage: npm run explain -- diff --component ${COMPONENT_IDS.join('|')} --from <version> --to <version> ` +
  '[--format text|json]';

/** JSON of the diff: schemaVersion 1, every change with its action code and the action in words. */
export const DIFF_SCHEMA_VERSION = 1;

const none = () => t('diff.none.value');
const gateDefault = (d: boolean | null) => (d === null ? none() : d ? t('diff.on') : t('diff.off'));

/** What to do about a flag change, in words. */
export function flagActionText(c: FlagChange, diff: Pick<UpgradeDiff, 'to' | 'from' | 'downgrade'>): string {
  const to = diff.downgrade ? diff.from : diff.to;
  const params = {
    flag: c.flag,
    to,
    replacement: c.replacement ?? '',
    before: c.before ?? none(),
    after: c.after ?? none(),
    value: c.value ?? '',
  };
  if (c.action === 'stop-value' && c.replacement) return t('diff.action.stop-value-replace', params);
  if (c.action === 'replace' && c.replacement && !replacementIsFlag(c.replacement))
    return t('diff.action.replace-text', params);
  if (c.action === 'plan' && c.replacement)
    return t('diff.action.plan-replace', {
      ...params,
      replacement: replacementIsFlag(c.replacement) ? `--${c.replacement}` : c.replacement,
    });
  return tDynamic(`diff.action.${c.action}`, params);
}

/** What to do about a feature gate change, in words. */
export function gateActionText(c: GateChange, diff: Pick<UpgradeDiff, 'to' | 'from' | 'downgrade'>): string {
  return tDynamic(`diff.gateAction.${c.action}`, {
    gate: c.gate,
    to: diff.downgrade ? diff.from : diff.to,
    before: String(c.fromDefault),
    after: String(c.toDefault),
  });
}

export function diffToJson(d: UpgradeDiff) {
  return {
    schemaVersion: DIFF_SCHEMA_VERSION,
    component: d.component,
    from: d.from,
    to: d.to,
    downgrade: d.downgrade,
    flags: d.flags.map((c) => ({ ...c, todo: flagActionText(c, d) })),
    featureGates: d.gates.map((c) => ({ ...c, todo: gateActionText(c, d) })),
  };
}

export function formatDiffText(d: UpgradeDiff): string {
  const out: string[] = [];
  out.push(t('diff.heading', { component: d.component, from: d.from, to: d.to }));
  out.push(t('diff.counts', { flags: d.flags.length, gates: d.gates.length }));
  if (d.downgrade) out.push(t('diff.downgrade', { from: d.from, to: d.to }));
  if (d.flags.length === 0 && d.gates.length === 0) {
    out.push('', t('diff.none', { component: d.component, from: d.from, to: d.to }));
    return out.join('\n');
  }
  if (d.flags.length > 0) out.push('', t('diff.flags'));
  for (const kind of FLAG_CHANGE_KINDS) {
    const list = d.flags.filter((c) => c.kind === kind);
    if (list.length === 0) continue;
    out.push(`  ${tDynamic(`diff.kind.${kind}`)} (${list.length})`);
    for (const c of list) {
      const name = c.value ? `--${c.flag}=${c.value}` : `--${c.flag}`;
      const at = c.at ? ` (${t('diff.in', { version: c.at })})` : '';
      out.push(`    ${name}${at} — ${c.summary}`);
      if (c.note) out.push(`      ${c.note}`);
      out.push(`      → ${flagActionText(c, d)}`);
    }
  }
  if (d.gates.length > 0) out.push('', t('diff.gates'));
  for (const kind of GATE_CHANGE_KINDS) {
    const list = d.gates.filter((c) => c.kind === kind);
    if (list.length === 0) continue;
    out.push(`  ${tDynamic(`diff.gateKind.${kind}`)} (${list.length})`);
    for (const c of list) {
      const stages =
        c.kind === 'removed'
          ? `${c.fromStage ?? '?'} → ${t('diff.kind.removed')} ${c.removedIn ?? ''}`.trim()
          : c.kind === 'added'
            ? `${c.toStage ?? '?'}, ${gateDefault(c.toDefault)}`
            : `${c.fromStage ?? '?'} (${gateDefault(c.fromDefault)}) → ${c.toStage ?? '?'} (${gateDefault(c.toDefault)})`;
      out.push(`    ${c.gate}: ${stages}`);
      if (c.action !== 'none') out.push(`      → ${gateActionText(c, d)}`);
    }
  }
  return out.join('\n');
}

export async function runDiff(argv: string[]): Promise<number> {
  let component: string | null = null;
  let from: string | null = null;
  let to: string | null = null;
  let format = 'text';
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    const [k, inline] =
      a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, null];
    const val = () => inline ?? argv[++i] ?? '';
    if (k === '--component') component = val();
    else if (k === '--from') from = val();
    else if (k === '--to') to = val();
    else if (k === '--format') format = val();
    else if (k === '-h' || k === '--help') {
      console.log(DIFF_USAGE);
      return 0;
    } else rest.push(a);
  }
  if (rest.length > 0) {
    console.error(`explain diff: unexpected ${rest.join(' ')}\n${DIFF_USAGE}`);
    return 2;
  }
  if (!component || !(COMPONENT_IDS as readonly string[]).includes(component)) {
    console.error(
      `explain diff: --component takes ${COMPONENT_IDS.join(', ')}${component ? `, not "${component}"` : ''}\n${DIFF_USAGE}`,
    );
    return 2;
  }
  if (!['text', 'json'].includes(format)) {
    console.error(`explain diff: unknown format "${format}"\n${DIFF_USAGE}`);
    return 2;
  }
  for (const [name, v] of [
    ['--from', from],
    ['--to', to],
  ] as const) {
    if (!v || !isWellFormedVersion(v.replace(/^v/, ''))) {
      console.error(`explain diff: ${name} needs a version such as 1.31${v ? `, not "${v}"` : ''}\n${DIFF_USAGE}`);
      return 2;
    }
  }
  const kb = await KnowledgeBase.create(nodeContentReader(fileURLToPath(new URL('../../content', import.meta.url))));
  const catalogue = await kb.loadFlags(component as ComponentId);
  const releases = releasesOf(catalogue);
  const fromV = (from ?? '').replace(/^v/, '');
  const toV = (to ?? '').replace(/^v/, '');
  const major = (v: string) => v.split('.')[0];
  if (major(fromV) !== major(releases[0] ?? '') || major(toV) !== major(releases[0] ?? '')) {
    console.error(
      `explain diff: ${component} versions are ${releases[0] ?? '?'} to ${releases.at(-1) ?? '?'}\n${DIFF_USAGE}`,
    );
    return 2;
  }
  const diff = upgradeDiff(catalogue, await kb.featureGates(), fromV, toV);
  console.log(format === 'json' ? JSON.stringify(diffToJson(diff), null, 2) : formatDiffText(diff));
  return 0;
}
