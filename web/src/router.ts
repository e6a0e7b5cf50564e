import { signal } from './signal.ts';

// Pages the app routes to are served as index.html by the server: src/api/static.ts `webPages`.

export interface Location {
  path: string;
  params: URLSearchParams;
}

const read = (): Location => ({
  path: window.location.pathname,
  params: new URLSearchParams(window.location.search),
});

export const location = signal<Location>(read());
window.addEventListener('popstate', () => location.set(read()));

/** Goes to an address inside the app; `replace` rewrites history (filters as they are typed). */
export function navigate(href: string, options: { replace?: boolean } = {}): void {
  if (options.replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  location.set(read());
  if (!options.replace) window.scrollTo(0, 0);
}

/** Keeps the current page and replaces its query parameters (undefined or '' removes one). */
export function setParams(changes: Record<string, string | undefined>, options = { replace: true }): void {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') params.delete(key);
    else params.set(key, value);
  }
  const search = params.toString();
  navigate(`${window.location.pathname}${search ? `?${search}` : ''}`, options);
}

/** A click on an in-app link navigates without reloading; modified clicks open normally. */
export function onLinkClick(event: MouseEvent): void {
  const anchor = (event.target as Element | null)?.closest?.('a');
  if (!anchor || event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const href = anchor.getAttribute('href');
  if (!href?.startsWith('/') || href.startsWith('/api/') || anchor.target) return;
  event.preventDefault();
  navigate(href);
}
