// Shirase: keeps two time-bound sentences right on a page read long after it was published
// (from a cache, a saved copy, a CDN): whether the phone desk is open now, and whether an
// incident's next update is late. The published page already says both as of its publication
// and the server republishes at every change, so the page is complete without this script.
(() => {
  if (window.shiraseServiceLevels) return;
  window.shiraseServiceLevels = true;
  const locale = document.documentElement.lang === 'en' ? 'en-GB' : 'ja-JP';
  // The same options as site/components/service-levels/format.ts.
  const clock = new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Tokyo',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const dayClock = new Intl.DateTimeFormat(locale, {
    timeZone: 'Asia/Tokyo',
    month: locale === 'ja-JP' ? 'long' : 'short',
    day: 'numeric',
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });

  function desk(el, now) {
    let intervals;
    try {
      intervals = JSON.parse(el.dataset.intervals || '[]');
    } catch {
      return;
    }
    const current = intervals.find(([start, end]) => start <= now && now < end);
    const next = intervals.find(([start]) => start > now);
    const text = current
      ? el.dataset.textOpen.replace('{time}', clock.format(current[1]))
      : next
        ? el.dataset.textClosed.replace('{time}', dayClock.format(next[0]))
        : el.dataset.textUnknown;
    if (text && el.textContent !== text) el.textContent = text;
  }

  function nextUpdate(el, now) {
    const due = Date.parse(el.dataset.nextUpdate);
    const late = el.querySelector('[data-late]');
    if (late && !Number.isNaN(due)) late.hidden = !(now > due);
  }

  function tick() {
    const now = Date.now();
    for (const el of document.querySelectorAll('[data-support-desk]')) desk(el, now);
    for (const el of document.querySelectorAll('[data-next-update]')) nextUpdate(el, now);
  }

  tick();
  setInterval(tick, 10000);
})();
