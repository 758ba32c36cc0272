/**
 * Draws a laid-out scene (src/graphs/scene.ts) with zoom and pan, and reports clicks and hovers on its nodes and
 * edges. React owns the element; the SVG inside is the scene's own string (the same one the exports inline) and
 * d3-zoom moves it. Export buttons: SVG, PNG, DOT, Mermaid.
 */
import { useEffect, useRef } from 'react';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior } from 'd3-zoom';
import { sceneToDot, sceneToMermaid, sceneToSvg, type Scene } from '../../graphs/scene';
import { t } from '../../i18n';

interface Props {
  scene: Scene;
  /** A node or edge id to highlight (the selection). */
  selected: string | null;
  /** Ids to draw emphasised (the neighbours of the selection); the rest fade. Null: no emphasis. */
  emphasised?: ReadonlySet<string> | null;
  onSelect: (target: { node: string } | { edge: string } | null) => void;
  /** File name stem for the exports. */
  exportName: string;
  testId?: string;
}

function download(name: string, type: string, data: string | Blob): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

/** The scene as a PNG (twice the size, for sharp text), drawn from the SVG string through an image. */
async function toPng(scene: Scene): Promise<Blob> {
  const svg = sceneToSvg(scene);
  const img = new Image();
  // a data: URL (the page's policy allows data: images, not blob:)
  img.src = `data:image/svg+xml;base64,${btoa(unescape(encodeURIComponent(svg)))}`;
  await img.decode();
  const canvas = document.createElement('canvas');
  canvas.width = img.naturalWidth * 2;
  canvas.height = img.naturalHeight * 2;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2d canvas');
  ctx.scale(2, 2);
  ctx.drawImage(img, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('png'))), 'image/png'),
  );
}

export function GraphView({ scene, selected, emphasised = null, onSelect, exportName, testId }: Props) {
  const host = useRef<HTMLDivElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const onSelectRef = useRef(onSelect);
  onSelectRef.current = onSelect;

  // draw the scene and attach zoom; a new scene keeps the current zoom
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    el.innerHTML = sceneToSvg(scene, { legend: true });
    const svg = el.querySelector('svg');
    if (!svg) return;
    svg.setAttribute('width', '100%');
    svg.setAttribute('height', '100%');
    svg.style.cursor = 'grab';
    const layer = svg.querySelector<SVGGElement>('g.kx-scene');
    const behaviour = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.2, 4])
      .on('zoom', (e: { transform: { toString(): string } }) => {
        layer?.setAttribute('transform', e.transform.toString());
      });
    select(svg).call(behaviour).on('dblclick.zoom', null);
    zoomRef.current = behaviour;
    const onClick = (e: MouseEvent) => {
      const target = e.target as Element | null;
      const node = target?.closest('[data-node]')?.getAttribute('data-node');
      const edge = target?.closest('[data-edge]')?.getAttribute('data-edge');
      onSelectRef.current(node ? { node } : edge ? { edge } : null);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Enter' && e.key !== ' ') return;
      const node = (e.target as Element | null)?.closest('[data-node]')?.getAttribute('data-node');
      if (node) {
        e.preventDefault();
        onSelectRef.current({ node });
      }
    };
    svg.addEventListener('click', onClick);
    svg.addEventListener('keydown', onKey);
    return () => {
      svg.removeEventListener('click', onClick);
      svg.removeEventListener('keydown', onKey);
      select(svg).on('.zoom', null);
    };
  }, [scene]);

  // the selection and its neighbours
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    for (const g of el.querySelectorAll<SVGGElement>('[data-node], [data-edge]')) {
      const id = g.getAttribute('data-node') ?? g.getAttribute('data-edge') ?? '';
      g.classList.toggle('kx-selected', id === selected);
      g.classList.toggle('kx-faded', emphasised !== null && !emphasised.has(id) && id !== selected);
    }
  }, [scene, selected, emphasised]);

  const reset = () => {
    const svg = host.current?.querySelector('svg');
    const behaviour = zoomRef.current;
    if (svg && behaviour) behaviour.transform(select(svg), zoomIdentity);
  };

  return (
    <div className="kx-graph" data-testid={testId}>
      <div className="kx-graph-tools">
        <button onClick={reset}>{t('graph.resetZoom')}</button>
        <span className="kx-graph-export">
          {t('graph.export')}
          <button onClick={() => download(`${exportName}.svg`, 'image/svg+xml', sceneToSvg(scene))}>SVG</button>
          <button onClick={() => void toPng(scene).then((b) => download(`${exportName}.png`, 'image/png', b))}>
            PNG
          </button>
          <button onClick={() => download(`${exportName}.dot`, 'text/vnd.graphviz', sceneToDot(scene))}>DOT</button>
          <button onClick={() => download(`${exportName}.mmd`, 'text/plain', sceneToMermaid(scene))}>Mermaid</button>
        </span>
      </div>
      <div className="kx-graph-canvas" ref={host} />
    </div>
  );
}
