/**
 * The upgrade diff in words (src/knowledge/upgradeDiff.ts): what to do about each change, the text the CLI prints and
 * its JSON. Words in content/<lang>/ui.json (`diff.*`).
 */
import { t, tDynamic } from '../i18n';
import { configFieldReplacement, replacementIsFlag } from '../knowledge/types';
import {
  FLAG_CHANGE_KINDS,
  GATE_CHANGE_KINDS,
  type FlagChange,
  type GateChange,
  type UpgradeDiff,
} from '../knowledge/upgradeDiff';

/** JSON of the diff: schemaVersion 1, every change with its action code and the action in words. */
export const DIFF_SCHEMA_VERSION = 1;

const none = () => t('diff.none.value');
const gateDefault = (d: boolean | null) => (d === null ? none() : d ? t('diff.on') : t('diff.off'));

/** What to do about a flag change, in words. */
export function flagActionText(c: FlagChange, diff: Pick<UpgradeDiff, 'to' | 'from' | 'downgrade'>): string {
  const to = diff.downgrade ? diff.from : diff.to;
  const field = c.replacement ? configFieldReplacement(c.replacement) : null;
  const params = {
    flag: c.flag,
    to,
    replacement: field ? t('replacement.configField', field) : (c.replacement ?? ''),
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
      replacement: replacementIsFlag(c.replacement) ? `--${c.replacement}` : params.replacement,
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
