import { containerCpuLimit, cpuCount, parseCgroupV1Quota, parseCgroupV2CpuMax } from './cpu-limit';

function files(map: Record<string, string>): (path: string) => string {
  return (path) => {
    const text = map[path];
    if (text === undefined) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
    return text;
  };
}

describe('container CPU limit', () => {
  it('parses cgroup v2 cpu.max', () => {
    expect(parseCgroupV2CpuMax('200000 100000\n')).toBe(2);
    expect(parseCgroupV2CpuMax('150000 100000')).toBe(1.5);
    expect(parseCgroupV2CpuMax('max 100000')).toBeNull();
  });

  it('parses cgroup v1 quota and period', () => {
    expect(parseCgroupV1Quota('50000\n', '100000\n')).toBe(0.5);
    expect(parseCgroupV1Quota('-1', '100000')).toBeNull();
  });

  it('reads v2 first, then the v1 mount points, else reports no limit', () => {
    expect(containerCpuLimit(files({ '/sys/fs/cgroup/cpu.max': '200000 100000' }))).toBe(2);
    expect(
      containerCpuLimit(
        files({
          '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us': '300000',
          '/sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us': '100000',
        }),
      ),
    ).toBe(3);
    expect(containerCpuLimit(files({}))).toBeNull();
  });

  it('sizes the pool from the limit, rounded up, capped by the CPUs present', () => {
    expect(cpuCount(files({ '/sys/fs/cgroup/cpu.max': '200000 100000' }), 64)).toBe(2);
    expect(cpuCount(files({ '/sys/fs/cgroup/cpu.max': '150000 100000' }), 64)).toBe(2);
    expect(cpuCount(files({ '/sys/fs/cgroup/cpu.max': '50000 100000' }), 64)).toBe(1);
    expect(cpuCount(files({ '/sys/fs/cgroup/cpu.max': '800000 100000' }), 4)).toBe(4);
    expect(cpuCount(files({ '/sys/fs/cgroup/cpu.max': 'max 100000' }), 6)).toBe(6);
  });
});
