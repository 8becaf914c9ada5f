// Shirase: keeps two time-bound sentences right on a page read long after it was published
// (from a cache, a saved copy, a CDN): whether the phone desk is open now, and whether an
// incident's next update is late. The published page already says both as of its publication
// and the server republishes at every change, so the page is complete without this script.
(() => {
  if (window.shiraseServiceLevels) return;
  window.shiraseServiceLevels = true;
  function desk(el, now) {
    let intervals;
    try {
      intervals = JSON.parse(el.dataset.intervals || '[]');
    } catch {
      return;
    }
    // Each opening comes as [start, end, start as the page words it, end as the page words it]:
    // the server formats the times, so this script needs no Intl.DateTimeFormat, whose Japanese
    // data with a time zone costs a phone a long task (80–280 ms at 4x slowdown) as the page loads.
    const current = intervals.find(([start, end]) => start <= now && now < end);
    const next = intervals.find(([start]) => start > now);
    const text = current
      ? el.dataset.textOpen.replace('{time}', current[3])
      : next
        ? el.dataset.textClosed.replace('{time}', next[2])
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
