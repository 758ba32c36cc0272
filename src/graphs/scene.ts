/**
 * A laid-out graph, ready to draw: what every graph of the product (trust graph, component graph, port map) is turned
 * into by its pure layout function, and what the views, the exports and the CLI draw from. Positions are final
 * (deterministic: the same model gives the same scene); colours are in the scene, so an exported SVG needs no CSS.
 *
 * sceneToSvg writes a self-contained SVG string (the view shows it and adds zoom and selection; exports inline it);
 * sceneToDot and sceneToMermaid give the graph as text for people's own docs.
 */

export type Point = readonly [number, number];

export type NodeStatus = 'normal' | 'inferred' | 'warning' | 'broken';

export interface SceneNode {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  /** A second, smaller line (a path, a port). */
  detail: string | null;
  /** What the node is (`ca`, `certificate`, `component`, ...): a class on the element and the legend's key. */
  kind: string;
  status: NodeStatus;
  fill: string;
  stroke: string;
  /** Full text for the hover title (what the node is, where it comes from). */
  title: string | null;
}

export interface SceneEdge {
  id: string;
  from: string;
  to: string;
  /** The route, first point at `from`, last at `to`. */
  points: Point[];
  label: string | null;
  /** Where the label's centre goes; absent: halfway along the route. */
  labelAt?: Point;
  kind: string;
  color: string;
  dashed: boolean;
  /** The dash pattern of a dashed edge, when it is not the usual one (an SVG stroke-dasharray, `2 4`). */
  dash?: string;
  broken: boolean;
  title: string | null;
}

/** A box around nodes (a host, a tier). */
export interface SceneGroup {
  id: string;
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LegendEntry {
  label: string;
  shape: 'node' | 'edge';
  color: string;
  fill?: string;
  dashed?: boolean;
  /** The dash pattern, when not the usual one (as the edges it stands for). */
  dash?: string;
}

export interface Scene {
  title: string;
  width: number;
  height: number;
  groups: SceneGroup[];
  nodes: SceneNode[];
  edges: SceneEdge[];
  legend: LegendEntry[];
}

/** Width of `text` at `size` px in the sans-serif the SVG uses (an estimate: layouts run where no font is measured). */
export function textWidth(text: string, size = 12): number {
  let units = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    // CJK and other wide characters take about a full em; narrow Latin about half
    units += c > 0x2e80 ? 1 : /[il.,:;|'!]/.test(ch) ? 0.3 : /[mwMW@]/.test(ch) ? 0.85 : 0.58;
  }
  return Math.ceil(units * size);
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for an SVG/XML text node or attribute value. */
export function escapeXml(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    // XML 1.0 has no place for most control characters, even escaped: they are left out
    if (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) continue;
    out += XML_ESCAPES[ch] ?? ch;
  }
  return out;
}

const round = (n: number) => Math.round(n * 10) / 10;

function pathOf(points: readonly Point[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${round(x)},${round(y)}`).join(' ');
}

/** The point halfway along a polyline (where its label goes). */
export function midpoint(points: readonly Point[]): Point {
  if (points.length === 0) return [0, 0];
  let total = 0;
  for (let i = 1; i < points.length; i++)
    total += Math.hypot(points[i]![0] - points[i - 1]![0], points[i]![1] - points[i - 1]![1]);
  let left = total / 2;
  for (let i = 1; i < points.length; i++) {
    const [ax, ay] = points[i - 1]!;
    const [bx, by] = points[i]!;
    const d = Math.hypot(bx - ax, by - ay);
    if (d >= left && d > 0) return [ax + ((bx - ax) * left) / d, ay + ((by - ay) * left) / d];
    left -= d;
  }
  return points[points.length - 1]!;
}

/** Cut `text` to about `width` px, with an ellipsis. */
export function fitText(text: string, width: number, size = 12): string {
  if (textWidth(text, size) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (textWidth(`${out}${ch}…`, size) > width) break;
    out += ch;
  }
  return `${out}…`;
}

const LEGEND_ROW = 18;

/** Height the legend adds below the graph. */
export function legendHeight(scene: Pick<Scene, 'legend' | 'width'>): number {
  if (scene.legend.length === 0) return 0;
  const perRow = Math.max(1, Math.floor(scene.width / 190));
  return 16 + Math.ceil(scene.legend.length / perRow) * LEGEND_ROW;
}

export interface SvgOptions {
  /** Leave the legend out (the view draws its own). */
  legend?: boolean;
  /** Extra attributes on the root element, e.g. a test id. */
  rootAttributes?: Record<string, string>;
}

/**
 * The scene as a self-contained SVG document: fonts are generic families, colours inline, nothing referenced
 * outside the file. Nodes carry `data-node`, edges `data-edge` (for the view's selection); user text is escaped.
 */
export function sceneToSvg(scene: Scene, options: SvgOptions = {}): string {
  const withLegend = options.legend ?? true;
  const height = scene.height + (withLegend ? legendHeight(scene) : 0);
  const attrs = Object.entries(options.rootAttributes ?? {})
    .map(([k, v]) => ` ${escapeXml(k)}="${escapeXml(v)}"`)
    .join('');
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${round(scene.width)}" height="${round(height)}" viewBox="0 0 ${round(scene.width)} ${round(height)}" font-family="system-ui, 'DejaVu Sans', sans-serif" font-size="12"${attrs}>`,
    `<title>${escapeXml(scene.title)}</title>`,
  );
  const colors = [...new Set(scene.edges.map((e) => e.color))];
  out.push('<defs>');
  colors.forEach((c, i) =>
    out.push(
      `<marker id="kx-arrow-${i}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="${escapeXml(c)}"/></marker>`,
    ),
  );
  out.push('</defs>');
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push('<g class="kx-scene">');
  for (const g of scene.groups) {
    // the box (its name as its hover title); the name itself is written over the edges, below
    out.push(
      `<g class="kx-group" data-group="${escapeXml(g.id)}"><title>${escapeXml(g.label)}</title><rect x="${round(g.x)}" y="${round(g.y)}" width="${round(g.width)}" height="${round(g.height)}" rx="8" fill="#f4f6fa" stroke="#c9d0db"/></g>`,
    );
  }
  for (const e of scene.edges) {
    const marker = `url(#kx-arrow-${colors.indexOf(e.color)})`;
    const dash = e.dashed ? ` stroke-dasharray="${escapeXml(e.dash ?? '5 4')}"` : '';
    const width = e.broken ? 2.5 : 1.4;
    out.push(
      `<g class="kx-edge kx-edge-${escapeXml(e.kind)}${e.broken ? ' kx-broken' : ''}" data-edge="${escapeXml(e.id)}">` +
        (e.title ? `<title>${escapeXml(e.title)}</title>` : '') +
        // a wide invisible stroke makes the edge easy to hover and click
        `<path d="${pathOf(e.points)}" fill="none" stroke="transparent" stroke-width="10"/>` +
        `<path d="${pathOf(e.points)}" fill="none" stroke="${escapeXml(e.color)}" stroke-width="${width}"${dash} marker-end="${marker}"/>`,
    );
    if (e.label) {
      const [mx, my] = e.labelAt ?? midpoint(e.points);
      const w = textWidth(e.label, 10) + 8;
      out.push(
        `<rect x="${round(mx - w / 2)}" y="${round(my - 8)}" width="${w}" height="15" rx="3" fill="#ffffff" fill-opacity="0.9"/>` +
          `<text x="${round(mx)}" y="${round(my + 3)}" text-anchor="middle" font-size="10" fill="${escapeXml(e.color)}">${escapeXml(e.label)}</text>`,
      );
    }
    out.push('</g>');
  }
  // the boxes' names over the edges that cross their header, on a halo of the box's colour
  for (const g of scene.groups)
    out.push(
      `<g class="kx-group kx-group-label" aria-hidden="true"><text x="${round(g.x + 10)}" y="${round(g.y + 16)}" font-weight="600" fill="#475467" stroke="#f4f6fa" stroke-width="4" stroke-linejoin="round" paint-order="stroke">${escapeXml(g.label)}</text></g>`,
    );
  for (const n of scene.nodes) {
    const dash = n.status === 'inferred' ? ' stroke-dasharray="4 3"' : '';
    const stroke = n.status === 'broken' ? '#c4320a' : n.status === 'warning' ? '#b54708' : n.stroke;
    const strokeWidth = n.status === 'broken' || n.status === 'warning' ? 2.5 : 1.2;
    const cx = n.x + n.width / 2;
    const lines = n.detail ? 2 : 1;
    const top = n.y + n.height / 2 - (lines - 1) * 7 + 4;
    out.push(
      `<g class="kx-node kx-node-${escapeXml(n.kind)}" data-node="${escapeXml(n.id)}" tabindex="0">` +
        (n.title ? `<title>${escapeXml(n.title)}</title>` : '') +
        `<rect x="${round(n.x)}" y="${round(n.y)}" width="${round(n.width)}" height="${round(n.height)}" rx="6" fill="${escapeXml(n.fill)}" stroke="${escapeXml(stroke)}" stroke-width="${strokeWidth}"${dash}/>` +
        `<text x="${round(cx)}" y="${round(top)}" text-anchor="middle" font-weight="600" fill="#1d2330">${escapeXml(fitText(n.label, n.width - 10))}</text>` +
        (n.detail
          ? `<text x="${round(cx)}" y="${round(top + 14)}" text-anchor="middle" font-size="10" fill="#475467">${escapeXml(fitText(n.detail, n.width - 10, 10))}</text>`
          : '') +
        '</g>',
    );
  }
  out.push('</g>');
  if (withLegend && scene.legend.length > 0) {
    const perRow = Math.max(1, Math.floor(scene.width / 190));
    out.push(`<g class="kx-legend" transform="translate(0 ${round(scene.height + 8)})">`);
    scene.legend.forEach((l, i) => {
      const x = 12 + (i % perRow) * 190;
      const y = Math.floor(i / perRow) * LEGEND_ROW + 8;
      const swatch =
        l.shape === 'node'
          ? `<rect x="${x}" y="${y - 9}" width="16" height="12" rx="3" fill="${escapeXml(l.fill ?? '#ffffff')}" stroke="${escapeXml(l.color)}"${l.dashed ? ' stroke-dasharray="3 2"' : ''}/>`
          : `<line x1="${x}" y1="${y - 3}" x2="${x + 16}" y2="${y - 3}" stroke="${escapeXml(l.color)}" stroke-width="2"${l.dashed ? ` stroke-dasharray="${escapeXml(l.dash ?? '4 3')}"` : ''}/>`;
      out.push(`${swatch}<text x="${x + 22}" y="${y + 1}" font-size="11" fill="#344054">${escapeXml(l.label)}</text>`);
    });
    out.push('</g>');
  }
  out.push('</svg>');
  return out.join('');
}

/** A DOT identifier or label: always quoted, quotes and backslashes escaped, newlines as \n. */
function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/** The graph as Graphviz DOT (groups as clusters; inferred dashed; broken red). */
export function sceneToDot(scene: Scene): string {
  const out = [
    `digraph ${dotString(scene.title)} {`,
    '  rankdir=TB;',
    '  node [shape=box, style="rounded,filled", fontname="sans-serif"];',
  ];
  const grouped = new Map<string, SceneNode[]>();
  const groupOf = (n: SceneNode) =>
    scene.groups.find(
      (g) => n.x >= g.x && n.y >= g.y && n.x + n.width <= g.x + g.width && n.y + n.height <= g.y + g.height,
    );
  const loose: SceneNode[] = [];
  for (const n of scene.nodes) {
    const g = groupOf(n);
    if (g) grouped.set(g.id, [...(grouped.get(g.id) ?? []), n]);
    else loose.push(n);
  }
  const nodeLine = (n: SceneNode, indent: string) => {
    const label = n.detail ? `${n.label}\n${n.detail}` : n.label;
    const style = n.status === 'inferred' ? 'rounded,filled,dashed' : 'rounded,filled';
    const color = n.status === 'broken' ? '#c4320a' : n.stroke;
    return `${indent}${dotString(n.id)} [label=${dotString(label)}, fillcolor=${dotString(n.fill)}, color=${dotString(color)}, style=${dotString(style)}];`;
  };
  let c = 0;
  for (const g of scene.groups) {
    const members = grouped.get(g.id);
    if (!members) continue;
    out.push(`  subgraph ${dotString(`cluster_${c++}`)} {`, `    label=${dotString(g.label)};`);
    for (const n of members) out.push(nodeLine(n, '    '));
    out.push('  }');
  }
  for (const n of loose) out.push(nodeLine(n, '  '));
  for (const e of scene.edges) {
    const attrs = [`color=${dotString(e.broken ? '#c4320a' : e.color)}`];
    if (e.label) attrs.push(`label=${dotString(e.label)}`);
    if (e.dashed) attrs.push(e.dash ? 'style=dotted' : 'style=dashed');
    if (e.broken) attrs.push('penwidth=2');
    out.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** Mermaid ids: letters, digits and underscores only, stable for the same scene. */
function mermaidIds(scene: Scene): Map<string, string> {
  const ids = new Map<string, string>();
  scene.nodes.forEach((n, i) => ids.set(n.id, `n${i}_${n.id.replace(/[^A-Za-z0-9]/g, '_').slice(0, 40)}`));
  return ids;
}

/** Text inside a Mermaid label: quotes and the characters Mermaid parses replaced by entities. */
function mermaidText(text: string): string {
  return text
    .replace(/"/g, '#quot;')
    .replace(/[<>]/g, (c) => (c === '<' ? '#lt;' : '#gt;'))
    .replace(/\r?\n/g, ' ');
}

/** The graph as a Mermaid flowchart (groups as subgraphs; inferred edges dotted; broken red). */
export function sceneToMermaid(scene: Scene): string {
  const ids = mermaidIds(scene);
  const out = ['flowchart TB'];
  const inGroup = new Set<string>();
  scene.groups.forEach((g, gi) => {
    const members = scene.nodes.filter(
      (n) => n.x >= g.x && n.y >= g.y && n.x + n.width <= g.x + g.width && n.y + n.height <= g.y + g.height,
    );
    if (members.length === 0) return;
    out.push(`  subgraph g${gi}["${mermaidText(g.label)}"]`);
    for (const n of members) {
      inGroup.add(n.id);
      out.push(`    ${ids.get(n.id)}["${mermaidText(n.detail ? `${n.label} (${n.detail})` : n.label)}"]`);
    }
    out.push('  end');
  });
  for (const n of scene.nodes)
    if (!inGroup.has(n.id))
      out.push(`  ${ids.get(n.id)}["${mermaidText(n.detail ? `${n.label} (${n.detail})` : n.label)}"]`);
  const broken: number[] = [];
  let link = 0; // Mermaid numbers the links in the order written
  for (const e of scene.edges) {
    const arrow = e.dashed ? '-.->' : '-->';
    const from = ids.get(e.from);
    const to = ids.get(e.to);
    if (!from || !to) continue;
    out.push(e.label ? `  ${from} ${arrow}|"${mermaidText(e.label)}"| ${to}` : `  ${from} ${arrow} ${to}`);
    if (e.broken) broken.push(link);
    link++;
  }
  if (broken.length > 0) out.push(`  linkStyle ${broken.join(',')} stroke:#c4320a,stroke-width:2px`);
  return `${out.join('\n')}\n`;
}
