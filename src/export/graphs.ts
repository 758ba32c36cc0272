/**
 * The graphs of an export as inline SVG: each a pure string-SVG function of src/graphs over the analysis (a scene
 * laid out, then sceneToSvg: self-contained, every text escaped) and, for the Markdown export, as Mermaid: the
 * certificate trust graph, the component graph and the port map. A graph with nothing to draw is left out.
 */
import { layoutTrust } from '../graphs/trust/layout';
import { componentGraph, portMap } from '../graphs/network';
import { sceneToMermaid, sceneToSvg } from '../graphs/scene';
import type { FileId } from '../model/span';
import type { ExportBundle } from './bundle';
import type { DocGraph } from './onboarding';
import { t } from '../i18n';

export function documentGraphs(bundle: ExportBundle): DocGraph[] {
  const graphs: DocGraph[] = [];
  const names = new Map(bundle.files.map((f) => [f.id, f.name]));
  const fileName = (id: FileId) => names.get(id) ?? id;
  const trust = bundle.analysis.trust;
  if (trust && trust.nodes.length > 0) {
    const { scene } = layoutTrust(trust, { title: t('doc.graph.trust') });
    graphs.push({ id: 'trust', title: t('doc.graph.trust'), svg: sceneToSvg(scene), mermaid: sceneToMermaid(scene) });
  }
  const network = bundle.analysis.network;
  if (network && network.listeners.length > 0) {
    const components = componentGraph({ model: network, fileName });
    graphs.push({
      id: 'components',
      title: t('doc.graph.components'),
      svg: sceneToSvg(components.scene),
      mermaid: sceneToMermaid(components.scene),
    });
    const ports = portMap({ model: network, fileName });
    // a grid of hosts and ports: no flowchart (the Ports table says the same in Markdown)
    graphs.push({ id: 'ports', title: t('doc.graph.ports'), svg: sceneToSvg(ports.scene), mermaid: null });
  }
  return graphs;
}
