import { describe, expect, it } from 'vitest';
import { rollupIndicator, worstComponentStatus } from '../../api/core/severity.ts';

describe('worst-wins rollup', () => {
  it('shows operational when every component is operational', () => {
    expect(rollupIndicator({ componentStatuses: ['operational', 'operational'] })).toBe('none');
  });
  it('lets the worst component decide the indicator', () => {
    expect(rollupIndicator({ componentStatuses: ['operational', 'degraded_performance'] })).toBe('minor');
    expect(rollupIndicator({ componentStatuses: ['partial_outage', 'degraded_performance'] })).toBe('major');
    expect(rollupIndicator({ componentStatuses: ['partial_outage', 'major_outage', 'operational'] })).toBe('critical');
  });
  it('reports maintenance only when nothing is broken', () => {
    expect(rollupIndicator({ componentStatuses: ['operational', 'under_maintenance'] })).toBe('maintenance');
    expect(rollupIndicator({ componentStatuses: ['degraded_performance', 'under_maintenance'] })).toBe('minor');
  });
  it('counts an unresolved incident impact even when components look fine', () => {
    expect(rollupIndicator({ componentStatuses: ['operational'], unresolvedImpacts: ['major'] })).toBe('major');
    expect(rollupIndicator({ componentStatuses: ['under_maintenance'], unresolvedImpacts: ['minor'] })).toBe('minor');
  });
  it('keeps an outage during maintenance an outage for the component', () => {
    expect(worstComponentStatus(['under_maintenance', 'major_outage'])).toBe('major_outage');
    expect(worstComponentStatus(['under_maintenance', 'operational'])).toBe('under_maintenance');
    expect(worstComponentStatus([])).toBe('operational');
  });
});
