/**
 * The heading of a page that shows the workspace (trust, network, audit) with its Share button: a link made here
 * opens on this page (the link carries the view).
 */
import { ShareButton } from './share/ShareButton';

export function PageTitle({ title }: { title: string }) {
  return (
    <div className="kx-page-title">
      <h1>{title}</h1>
      <ShareButton />
    </div>
  );
}
