import { createMetrics } from './metrics';

describe('service metrics', () => {
  it('keep the cheap process metrics and leave out the ones that walk every handle or fd per scrape', async () => {
    const text = await createMetrics('test').registry.metrics();
    for (const name of [
      'process_cpu_user_seconds_total',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
    ])
      expect(text).toContain(`${name}{service="test"}`);
    for (const name of [
      'process_open_fds',
      'nodejs_active_handles',
      'nodejs_active_resources',
      'nodejs_active_requests',
    ])
      expect(text).not.toMatch(new RegExp(`^${name}\\b`, 'm'));
  });
});
