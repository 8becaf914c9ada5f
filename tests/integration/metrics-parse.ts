import parsePrometheusTextFormat, { type ParsedFamily } from 'parse-prometheus-text-format';

/** A /metrics answer read with a Prometheus text parser, and the samples a test asks for. */
export function parseMetrics(text: string) {
  const families = new Map<string, ParsedFamily>(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  const family = (name: string) => {
    const f = families.get(name);
    if (!f) throw new Error(`/metrics has no ${name}; it has ${[...families.keys()].join(', ')}`);
    return f;
  };
  const matching = (name: string, labels: Record<string, string>) =>
    family(name).metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return {
    names: () => [...families.keys()],
    has: (name: string) => families.has(name),
    family,
    /** A gauge's or counter's value for these labels; 0 when the series has no sample yet. */
    value(name: string, labels: Record<string, string> = {}): number {
      return Number(matching(name, labels)?.value ?? 0);
    },
    /**
     * An unlabelled histogram's count and sum (0 before its first observation). The parser folds a
     * labelled histogram's series into one and drops their counts: read those with `raw`.
     */
    histogram(name: string): { count: number; sum: number } {
      const m = family(name).metrics[0];
      return { count: Number(m?.count ?? 0), sum: Number(m?.sum ?? 0) };
    },
    /** One sample line's value, read from the text itself (NaN when there is no such line). */
    raw(sample: string): number {
      const line = text.split('\n').find((l) => l.startsWith(`${sample} `));
      return line ? Number(line.slice(sample.length + 1)) : Number.NaN;
    },
  };
}
