/**
 * The graphs of an export as inline SVG: each a pure string-SVG function of src/graphs over the analysis (a scene
 * laid out, then sceneToSvg: self-contained, every text escaped). A graph with nothing to draw is left out.
 */
import { layoutTrust } from '../graphs/trust/layout';
import { sceneToSvg } from '../graphs/scene';
import type { ExportBundle } from './bundle';
import type { DocGraph } from './onboarding';
import { t } from '../i18n';

export function documentGraphs(bundle: ExportBundle): DocGraph[] {
  const graphs: DocGraph[] = [];
  const trust = bundle.analysis.trust;
  if (trust && trust.nodes.length > 0) {
    const { scene } = layoutTrust(trust, { title: t('doc.graph.trust') });
    graphs.push({ id: 'trust', title: t('doc.graph.trust'), svg: sceneToSvg(scene) });
  }
  return graphs;
}
