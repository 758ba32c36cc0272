/**
 * npm run import:gates — developers only: writes content/feature-gates.json, the language-free facts of every
 * Kubernetes feature gate (stage, default and lock per minor release, removal, the components a KEP names) and of
 * etcd's gates, from the research data in ../shared/reference (feature-gates.json, and the etcd help text of 3.6 and
 * 3.7 in raw/other/). Only facts are copied; the notes and sources of the reference stay there.
 *
 * The product never reads ../shared: it loads the written file (src/knowledge/featureGates.ts).
 *
 * Which components accept a gate: every gate of k8s.io/kubernetes/pkg/features, k8s.io/apiserver, client-go,
 * component-base (logs, metrics, zpages) is registered in the one shared utilfeature.DefaultMutableFeatureGate, so
 * kube-apiserver, kube-controller-manager, kube-scheduler, kubelet and kube-proxy of a release all accept the same
 * set (shared/reference/README-other.md "Which components accept a gate"; pkg/features/kube_features.go adds its map
 * to utilfeature.DefaultMutableFeatureGate in init()). The exceptions are the gates of k8s.io/controller-manager,
 * registered only by the controller managers: they get `acceptedBy` (only those components) or `kcm` (the stages
 * kube-controller-manager has when they differ from the shared list).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const REFERENCE = `${root}../shared/reference`;
export const FEATURE_GATES_PATH = `${root}content/feature-gates.json`;

interface RefStage {
  stage: string;
  default: boolean | null;
  from: string;
  to: string | null;
  locked?: boolean;
}

interface RefGate {
  name: string;
  stages: RefStage[];
  removedIn: string | null;
  definedIn?: string[];
  components?: string[];
  controllerManagerPackage?: { components: string[]; stages: RefStage[]; removedIn: string | null };
}

interface OutGate {
  name: string;
  stages: RefStage[];
  removedIn: string | null;
  components?: string[];
  acceptedBy?: string[];
  kcm?: { stages: RefStage[]; removedIn: string | null };
}

const STAGES = new Set(['alpha', 'beta', 'stable', 'deprecated']);

function stage(s: RefStage): RefStage {
  if (!STAGES.has(s.stage)) throw new Error(`unknown stage ${s.stage}`);
  const out: RefStage = { stage: s.stage, default: s.default, from: s.from, to: s.to };
  if (s.locked !== undefined) out.locked = s.locked;
  return out;
}

function kubernetesGates(ref: RefGate[]): OutGate[] {
  const out: OutGate[] = [];
  for (const g of ref) {
    const gate: OutGate = { name: g.name, stages: g.stages.map(stage), removedIn: g.removedIn };
    if (g.components && g.components.length > 0) gate.components = [...g.components].sort();
    const defined = g.definedIn ?? [];
    const onlyControllerManager = defined.length > 0 && defined.every((p) => p === 'k8s.io/controller-manager');
    if (onlyControllerManager) gate.acceptedBy = ['kube-controller-manager'];
    const cm = g.controllerManagerPackage;
    if (cm && !onlyControllerManager) gate.kcm = { stages: cm.stages.map(stage), removedIn: cm.removedIn };
    out.push(gate);
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * etcd's gates from its `--feature-gates` help line: 3.6 writes `Name=true|false (ALPHA - default=false), ...`,
 * 3.7 groups them `A, B (ALPHA, default=false); C (BETA, default=true)`.
 */
export function etcdGatesOfHelp(help: string): Map<string, { stage: string; default: boolean }> {
  const lines = help.split('\n');
  const at = lines.findIndex((l) => /^\s*--feature-gates\b/.test(l));
  const text = at >= 0 ? (lines[at + 1] ?? '') : '';
  const options = text.slice(text.indexOf('Options are:') + 'Options are:'.length);
  const out = new Map<string, { stage: string; default: boolean }>();
  const perGate = /(\w+)=true\|false \((ALPHA|BETA|GA|DEPRECATED) - default=(true|false)\)/g;
  for (const m of options.matchAll(perGate))
    out.set(m[1] ?? '', { stage: (m[2] ?? '').toLowerCase(), default: m[3] === 'true' });
  if (out.size > 0) return out;
  const grouped = /([\w, ]+?) \((ALPHA|BETA|GA|DEPRECATED), default=(true|false)\)/g;
  for (const m of options.matchAll(grouped)) {
    for (const name of (m[1] ?? '').split(',').map((s) => s.replace(/^[;\s]+/, '').trim()))
      if (name !== '') out.set(name, { stage: (m[2] ?? '').toLowerCase(), default: m[3] === 'true' });
  }
  return out;
}

function etcdGates(byMinor: [string, string][]): OutGate[] {
  const gates = new Map<string, OutGate>();
  const newest = byMinor[byMinor.length - 1]?.[0] ?? '';
  for (const [minor, help] of byMinor) {
    for (const [name, spec] of etcdGatesOfHelp(help)) {
      const st = spec.stage === 'ga' ? 'stable' : spec.stage;
      let g = gates.get(name);
      if (!g) {
        g = { name, stages: [], removedIn: null };
        gates.set(name, g);
      }
      const last = g.stages[g.stages.length - 1];
      if (last && last.stage === st && last.default === spec.default) last.to = minor;
      else g.stages.push({ stage: st, default: spec.default, from: minor, to: minor });
    }
  }
  for (const g of gates.values()) {
    const last = g.stages[g.stages.length - 1];
    if (!last) continue;
    if (last.to === newest) last.to = null;
    else g.removedIn = byMinor[byMinor.findIndex(([m]) => m === last.to) + 1]?.[0] ?? null;
  }
  return [...gates.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

const line = (g: OutGate) => `    ${JSON.stringify(g)}`;

/** The text of content/feature-gates.json. */
export function buildFeatureGates(ref: RefGate[], etcdHelp: [string, string][]): string {
  const kube = kubernetesGates(ref);
  const etcd = etcdGates(etcdHelp);
  const newest = kube
    .flatMap((g) => g.stages.flatMap((s) => [s.from, s.to ?? '']))
    .filter((v) => v !== '')
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
    .pop();
  return [
    '{',
    `  "about": "Feature gates: stage, default and lock per minor release, first release without the gate (removedIn), components a KEP names. Written by npm run import:gates from shared/reference; do not edit by hand.",`,
    `  "kubernetes": { "newest": ${JSON.stringify(newest)}, "gates": [`,
    kube.map(line).join(',\n'),
    '  ] },',
    `  "etcd": { "newest": ${JSON.stringify(etcdHelp[etcdHelp.length - 1]?.[0] ?? '')}, "gates": [`,
    etcd.map(line).join(',\n'),
    '  ] }',
    '}',
    '',
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ref = JSON.parse(readFileSync(`${REFERENCE}/feature-gates.json`, 'utf8')) as RefGate[];
  const etcdHelp: [string, string][] = [
    ['3.6', readFileSync(`${REFERENCE}/raw/other/etcd-help-v3.6.14.txt`, 'utf8')],
    ['3.7', readFileSync(`${REFERENCE}/raw/other/etcd-help-v3.7.1.txt`, 'utf8')],
  ];
  const text = buildFeatureGates(ref, etcdHelp);
  writeFileSync(FEATURE_GATES_PATH, text);
  console.log(`wrote ${FEATURE_GATES_PATH} (${ref.length} Kubernetes gates, ${text.length} characters)`);
}
