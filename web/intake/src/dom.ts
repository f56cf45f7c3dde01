/** A tiny element builder: the intake page has no framework. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) if (value !== undefined) element.setAttribute(name, value);
  element.append(...children);
  return element;
}

/** A polite live region right after `anchor`, made once. */
export function statusAfter(anchor: Element): HTMLElement {
  const next = anchor.nextElementSibling;
  if (next instanceof HTMLElement && next.dataset.vigilStatus !== undefined) return next;
  const status = h('p', { role: 'status', 'aria-live': 'polite', 'data-vigil-status': '' });
  anchor.after(status);
  return status;
}
