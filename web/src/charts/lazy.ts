/** Run `fn` once the element comes near the viewport: pages with hundreds of charts stay fast. */
const pending = new WeakMap<Element, () => void>();
const observer =
  typeof IntersectionObserver === 'undefined'
    ? null
    : new IntersectionObserver(
        (entries) => {
          for (const e of entries) {
            if (!e.isIntersecting) continue;
            const fn = pending.get(e.target);
            observer!.unobserve(e.target);
            pending.delete(e.target);
            fn?.();
          }
        },
        { rootMargin: '300px' },
      );

export function whenVisible(el: Element, fn: () => void): void {
  if (!observer) {
    fn();
    return;
  }
  pending.set(el, fn);
  observer.observe(el);
}
