import { useEffect, useRef, useState } from 'react';

/** The width an element has (for charts drawn to fit), followed as the window or the layout changes. */
export function useWidth(initial: number, minimum: number) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.max(minimum, Math.floor(entry.contentRect.width)));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [minimum]);
  return { ref, width };
}
